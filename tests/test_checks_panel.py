"""The automated checks panel of the review page: hook, statuses in words, escaping."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from helpers.html import HOSTILE_TEXT, assert_inert, parse, render
from helpers.models import asset, version
from PIL import Image, ImageCms

from proofroom.core.media.specs import Facts, load_catalog
from proofroom.core.model import Campaign, Deliverable, DeliverableSpec
from proofroom.site.checks import checks_html, checks_section
from proofroom.site.media_refs import MediaRef
from proofroom.site.review_context import ReviewContext

WHEN = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)


def context(
    channel: str | None,
    *,
    rel: str = "hero.jpg",
    size: tuple[int, int] | None = (1080, 1080),
    alt: str | None = "A red coat",
    lang: str = "en",
    bytes_: int = 120_000,
) -> ReviewContext:
    path = f"assets/soldes/{rel}"
    a = asset(rel, [version(1, path, WHEN, size=bytes_)])
    extra = {"alt": alt} if alt else {}
    spec = DeliverableSpec("hero", rel, channel=channel, extra=extra)
    d = Deliverable("hero", "soldes", rel, a, spec)
    c = Campaign("soldes", None, [a], [d])

    def media(v, asset_):
        w, h = size or (None, None)
        return MediaRef(path, path, "thumb.webp", 64, 64, w, h)

    return ReviewContext(c, a, d, media, lang, "campaigns/soldes/review/hero.md", None, "main", UTC)


def panel(html_text: str):
    tree = parse(render(html_text))
    return tree.find(data_proofroom="checks")


def test_panel_lists_each_check_with_a_word_and_an_icon() -> None:
    html_text = checks_section(context("instagram-feed", size=(1200, 900)))
    section = panel(html_text)
    assert section.tag == "section"
    assert section.attrs["data-channel"] == "instagram-feed"
    assert section.attrs["data-status"] == "fail"
    assert section.find("h2").text == "Automated checks"
    items = {
        li.attrs["data-check"]: li for li in section.find_all("li") if "data-check" in li.attrs
    }
    assert set(items) >= {"format", "channel-size", "file-size", "alt-text"}
    fit = items["channel-size"]
    assert fit.attrs["data-status"] == "fail"
    assert "✗" in fit.text and "Fail" in fit.text and "Channel fit" in fit.text
    assert "got 1200x900 (4:3): crop to 1:1 or 1.91:1" in fit.text
    assert items["file-size"].attrs["data-status"] == "pass" and "Pass" in items["file-size"].text
    # The sources of the figures are one click away.
    links = [a.attrs["href"] for a in section.find("details").find_all("a")]
    assert (
        "https://developers.facebook.com/docs/instagram/ads-api/reference/media-requirements"
        in (links)
    )


def test_french_words() -> None:
    section = panel(checks_section(context("instagram-feed", alt=None, lang="fr")))
    assert section.find("h2").text == "Contrôles automatiques"
    alt = section.find("li", data_check="alt-text")
    assert alt.attrs["data-status"] == "warn"
    assert "Attention" in alt.text and "Texte alternatif" in alt.text
    assert "Canal\u00a0: Instagram feed (instagram-feed)" in section.text


def test_nothing_without_a_channel() -> None:
    assert checks_section(context(None)) == ""
    ctx = context("instagram-feed")
    ctx.deliverable = None
    assert checks_section(ctx) == ""


def test_unknown_channel_is_a_warning_and_hostile_text_stays_text() -> None:
    html_text = checks_section(context(HOSTILE_TEXT))
    rendered = render(html_text)
    tree = assert_inert(rendered)
    section = tree.find(data_proofroom="checks")
    item = section.find("li", data_check="channel")
    assert item.attrs["data-status"] == "warn"
    assert HOSTILE_TEXT in item.text and "known channels: " in item.text
    assert rendered.strip() == html_text.strip()  # Markdown left the block alone


def test_hostile_catalog_note_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "channels.yml").write_text(
        "channels:\n  instagram-feed:\n    note: '<script>alert(1)</script> {{ x }}'\n",
        encoding="utf-8",
    )
    catalog, problems = load_catalog(tmp_path)
    assert problems == []
    facts = Facts(ext="jpg", bytes=10, width=1080, height=1080, mode="RGB", alt=True)
    html_text = checks_html(context("instagram-feed"), catalog, facts)
    assert "&lt;script&gt;" in html_text
    assert_inert(render(html_text))


def test_configured_workspace_reads_its_catalog_and_the_file_header(tmp_path: Path) -> None:
    (tmp_path / "channels.yml").write_text(
        "channels:\n  instagram-feed:\n    min_width: 1200\n", encoding="utf-8"
    )
    hero = tmp_path / "assets/soldes/hero.jpg"
    hero.parent.mkdir(parents=True)
    Image.new("CMYK", (1080, 1080), (0, 80, 80, 0)).save(hero, format="JPEG")
    catalog, _ = load_catalog(tmp_path)
    ctx = context("instagram-feed", bytes_=hero.stat().st_size)
    ctx.root, ctx.channels = tmp_path, catalog
    section = panel(checks_section(ctx))
    fit = section.find("li", data_check="channel-size")
    assert fit.attrs["data-status"] == "fail" and "1200 px minimum width" in fit.text
    colour = section.find("li", data_check="colour-profile")
    assert colour.attrs["data-status"] == "fail" and "CMYK" in colour.text
    # A work-tree file of another size is another version: its header is not used.
    ctx = context("instagram-feed", bytes_=1)
    ctx.root, ctx.channels = tmp_path, catalog
    other = panel(checks_section(ctx))
    assert other.find("li", data_check="colour-profile").attrs["data-status"] == "unknown"


def test_srgb_file_header_read_from_the_workspace(tmp_path: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    story = tmp_path / "assets/soldes/story.png"
    story.parent.mkdir(parents=True)
    Image.new("RGB", (1080, 1920)).save(story, format="PNG", icc_profile=srgb)
    size = story.stat().st_size
    ctx = context("instagram-story", rel="story.png", size=(1080, 1920), bytes_=size)
    ctx.root = tmp_path
    section = panel(checks_section(ctx))
    assert section.attrs["data-status"] == "pass"
    assert "sRGB" in section.find("li", data_check="colour-profile").text


def test_a_build_uses_the_workspace_channels_file(git_repo) -> None:
    """channels.yml at the workspace root overrides the catalog on the review pages."""
    from helpers.sites import run_build
    from helpers.workspaces import campaign_workspace

    campaign_workspace(git_repo)
    brief = git_repo.path / "content/campaigns/soldes/index.md"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace("    asset: hero.jpg\n", "    asset: hero.jpg\n    channel: tiny-banner\n"),
        encoding="utf-8",
    )
    git_repo.write(
        "channels.yml",
        "channels:\n  tiny-banner:\n    name: Tiny banner\n    kind: image\n"
        '    sizes: ["120x80"]\n    formats: [jpg]\n',
    )
    run_build(git_repo.path)
    html = (git_repo.path / "site/campaigns/soldes/review/hero/index.html").read_text(
        encoding="utf-8"
    )
    assert 'data-proofroom="checks"' in html and "Tiny banner" in html
    assert 'data-check="channel-size" data-status="pass"' in html


def test_french_pages_word_every_check_in_french() -> None:
    from proofroom.site.lang import missing_translations

    assert missing_translations() == {"fr": []}
    section = panel(checks_section(context("instagram-feed", size=(1200, 900), lang="fr")))
    fit = section.find("li", data_check="channel-size")
    message = fit.find("span", class_="proofroom-check__message").text
    assert message.startswith("1080x1080 attendu pour instagram-feed (1:1, 4:5 ou 1.91:1)")
    assert "recadrez en" in message and " or " not in message
    english = panel(checks_section(context("instagram-feed", size=(1200, 900))))
    text = english.find("li", data_check="channel-size").text
    assert "expected for instagram-feed (1:1, 4:5 or 1.91:1)" in text


def test_every_french_template_takes_the_fields_of_its_english_one() -> None:
    import string

    from proofroom.core.media.specs import MESSAGES
    from proofroom.site.lang import CHECK_TEMPLATES as TEMPLATES

    def fields(template: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    for key, english in MESSAGES.items():
        assert fields(TEMPLATES["fr"][key]) == fields(english), key


def test_a_pdf_page_is_checked_at_print_resolution_not_as_displayed(tmp_path: Path) -> None:
    flyer = tmp_path / "assets/soldes/flyer.pdf"
    flyer.parent.mkdir(parents=True)
    Image.new("RGB", (2480, 3508), "white").save(flyer, "PDF", resolution=300)
    # The media layer knows the page as displayed (1600 px high): the file decides.
    ctx = context("print-a4", rel="flyer.pdf", size=(1131, 1600), bytes_=flyer.stat().st_size)
    ctx.root, ctx.asset.kind = tmp_path, "pdf"
    section = panel(checks_section(ctx))
    fit = section.find("li", data_check="channel-size")
    assert fit.attrs["data-status"] == "pass" and "2480x3508" in fit.text
    assert section.find("li", data_check="dpi").attrs["data-status"] == "pass"
