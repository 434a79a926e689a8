"""PDF assets through real `mkdocs build`s: the page-by-page view with comments on their
pages, the first page as the gallery thumbnail, per-page difference images in the
comparison, a damaged PDF that only warns, and a second build that draws nothing."""

from __future__ import annotations

import re

import pytest
from helpers.gitrepo import GitRepo
from helpers.html import Node, parse
from helpers.pdf_workspace import BLUE, BRIEF, GREEN, RED, YELLOW, pdf_bytes, pdf_workspace, sheet
from helpers.sites import build_both_ways, one_problem, run_build
from helpers.workspaces import write_config
from PIL import Image

REVIEW = "site/campaigns/print/review/flyer/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, object]:
    repo = pdf_workspace(GitRepo(tmp_path_factory.mktemp("pdf") / "repo"))
    config = run_build(repo.path)
    return repo, config


def html_of(repo: GitRepo, rel: str = REVIEW) -> str:
    return (repo.path / rel).read_text(encoding="utf-8")


def element(html: str, start: str, tag: str) -> Node:
    """The ``tag`` element whose start tag holds the first ``start``, parsed whole."""
    begin = html.rindex(f"<{tag}", 0, html.index(start))
    depth = 0
    for m in re.finditer(rf"<(/?){tag}\b[^>]*>", html[begin:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return parse(html[begin : begin + m.end()]).children[0]  # type: ignore[return-value]
    raise AssertionError(f"<{tag}> at {start} is never closed")


def picture(repo: GitRepo, src: str, page: str = REVIEW) -> Image.Image:
    path = ((repo.path / page).parent / src).resolve()
    assert path.is_file(), src
    im = Image.open(path)
    im.load()
    return im


def close(a: tuple, b: tuple, tol: int = 30) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def at(im: Image.Image, fx: float, fy: float) -> tuple:
    return im.convert("RGB").getpixel((int(im.width * fx), int(im.height * fy)))


# ---------------------------------------------------------------- the page view


def test_every_page_is_shown_in_order_and_decodes(built) -> None:
    repo, _ = built
    viewer = element(html_of(repo), 'data-proofroom="viewer"', "figure")
    assert viewer.attrs["data-kind"] == "pdf"
    pages = [n for n in viewer.iter() if n.tag == "li" and "data-page" in n.attrs]
    assert [p.attrs["data-page"] for p in pages] == ["1", "2", "3"]
    expected = [(RED, RED), (GREEN, YELLOW), (BLUE, BLUE)]  # centre, lower right quarter
    for li, (middle, corner) in zip(pages, expected, strict=True):
        img = li.find("img")
        with picture(repo, img.attrs["src"]) as im:
            assert im.size == (int(img.attrs["width"]), int(img.attrs["height"]))
            assert max(im.size) == 1600  # the display size
            assert close(at(im, 0.3, 0.3), middle) and close(at(im, 0.8, 0.8), corner)
        n = li.attrs["data-page"]
        assert f"Page {n} of 3" in li.text and "210 × 297 mm" in li.text
        assert img.attrs["alt"] == f"flyer.pdf, page {n}"
    caption = viewer.find("figcaption").text
    assert "3 pages" in caption and "210 × 297 mm" in caption and "px" not in caption
    nav = viewer.find("nav")
    assert [a.attrs["href"] for a in nav.find_all("a")] == [
        "#proofroom-page-1",
        "#proofroom-page-2",
        "#proofroom-page-3",
    ]
    assert [li.attrs["id"] for li in pages] == [
        "proofroom-page-1",
        "proofroom-page-2",
        "proofroom-page-3",
    ]


def marks(li: Node) -> dict[str, Node]:
    return {
        n.attrs["data-comment"]: n
        for n in li.iter()
        if n.attrs.get("data-proofroom") == "annotation"
    }


def test_comments_are_drawn_and_listed_on_their_page(built) -> None:
    repo, _ = built
    viewer = element(html_of(repo), 'data-proofroom="viewer"', "figure")
    pages = {
        n.attrs["data-page"]: n for n in viewer.iter() if n.tag == "li" and "data-page" in n.attrs
    }
    # Comment numbers follow the decision file: 1 box (no page: page 1), 2 pin on page 2,
    # 3 page 2 without a place, 4 pin on page 3.
    assert set(marks(pages["1"])) == {"1"}
    assert "proofroom-annotation--box" in marks(pages["1"])["1"].attrs["class"]
    assert set(marks(pages["2"])) == {"2"}
    pin = marks(pages["2"])["2"]
    assert pin.attrs["style"] == "left:25%;top:50%"
    assert pin.attrs["href"] == "#proofroom-comment-2-2" and pin.attrs["data-version"] == "2"
    assert set(marks(pages["3"])) == {"4"}
    # The page-only comment is listed under page 2, linked to its entry, and drawn nowhere.
    listed = [n for n in pages["2"].iter() if n.tag == "li" and "data-comment" in n.attrs]
    assert [n.attrs["data-comment"] for n in listed] == ["3"]
    assert "Coquille dans la mention légale" in listed[0].text
    assert listed[0].find("a").attrs["href"] == "#proofroom-comment-2-3"
    assert not [n for n in pages["1"].iter() if n.tag == "ul"]
    # The marks sit in the frame of their page's picture, sized to it.
    frames = [n for n in pages["2"].iter() if "proofroom-annotated" in n.attrs.get("class", "")]
    assert len(frames) == 1 and frames[0].attrs["style"].startswith("--proofroom-w:")
    assert frames[0].find("img") and pin in list(frames[0].iter())


def test_the_comment_list_says_the_page_and_marks_placed_comments(built) -> None:
    repo, _ = built
    html = html_of(repo)
    comments = element(html, 'data-proofroom="comments"', "div")
    items = {
        n.attrs["data-comment"]: n
        for n in comments.iter()
        if n.tag == "li" and n.attrs.get("class") == "proofroom-comment"
    }
    assert (
        "page 2" in items["2"].text and "page 2" in items["3"].text and "page 3" in items["4"].text
    )
    assert items["2"].attrs.get("data-placed") == "true"  # drawn over page 2
    assert items["4"].attrs.get("data-placed") == "true"
    assert "data-placed" not in items["3"].attrs  # listed under its page, not drawn


def test_the_gallery_thumbnail_is_the_first_page(built) -> None:
    repo, _ = built
    gallery = "site/campaigns/print/index.html"
    html = html_of(repo, gallery)
    thumbs = re.findall(r'<img[^>]*src="([^"]*_proofroom/t/[^"]*)"[^>]*>', html)
    assert thumbs
    tag = re.search(r"<img[^>]*_proofroom/t/[^>]*>", html)
    assert tag is not None and "data-placeholder" not in tag.group(0)
    with picture(repo, thumbs[0], gallery) as im:
        assert max(im.size) == 480 and close(at(im, 0.5, 0.5), RED)


# ---------------------------------------------------------------- the comparison


def test_compare_offers_pages_and_a_difference_image_per_page(built) -> None:
    repo, _ = built
    compare = element(html_of(repo), 'data-proofroom="compare"', "div")
    nodes = list(compare.iter())
    modes = [n.attrs["data-proofroom-mode"] for n in nodes if "data-proofroom-mode" in n.attrs]
    assert modes == ["side", "swipe", "onion", "diff"]
    select = next(n for n in nodes if "data-proofroom-page" in n.attrs)
    assert [o.attrs["value"] for o in select.find_all("option")] == ["1", "2", "3"]
    images = [n for n in nodes if "data-proofroom-page-image" in n.attrs]
    assert sorted((n.attrs["data-version"], n.attrs["data-page"]) for n in images) == [
        (v, p) for v in "12" for p in "123"
    ]
    for n in images:
        picture(repo, n.attrs["data-src"]).close()
    diffs = {n.attrs["data-page"]: n for n in nodes if "data-proofroom-diff" in n.attrs}
    assert sorted(diffs) == ["1", "2", "3"]
    for page, entry in diffs.items():
        assert (entry.attrs["data-older"], entry.attrs["data-newer"]) == ("1", "2")
        assert re.search(rf"-p{page}-[0-9a-f]{{40}}-p{page}\.jpg$", entry.attrs["data-src"])
        with picture(repo, entry.attrs["data-src"]) as im:
            assert im.size == (int(entry.attrs["data-width"]), int(entry.attrs["data-height"]))
            if page == "2":  # the new block, in the highlight colour
                assert close(at(im, 0.8, 0.8), (255, 0, 144), 60)
            assert not close(at(im, 0.3, 0.3), (255, 0, 144), 60)
    assert float(diffs["1"].attrs["data-changed"]) == 0.0
    assert float(diffs["3"].attrs["data-changed"]) == 0.0
    assert 0.2 < float(diffs["2"].attrs["data-changed"]) < 0.3  # a quarter of the page
    # Without a script both panes show page 1, side by side.
    panes = [n for n in nodes if n.attrs.get("class") == "proofroom-compare__pane"]
    assert all("-p1-" in p.find("img").attrs["src"] for p in panes)


def test_second_build_draws_nothing(built) -> None:
    repo, first = built
    store = first.plugins["proofroom"].build.media
    assert store.pages_made == 6 and store.diffs_made == 3 and store.made == 2
    cache = repo.path / ".cache/proofroom"
    files = {
        p: p.stat().st_mtime_ns
        for p in cache.rglob("*")
        if p.is_file() and "manifest" not in p.name
    }
    second = run_build(repo.path).plugins["proofroom"].build.media
    assert (second.made, second.pages_made, second.diffs_made) == (0, 0, 0)
    assert (second.reused, second.pages_reused, second.diffs_reused) == (2, 6, 3)
    after = {
        p: p.stat().st_mtime_ns
        for p in cache.rglob("*")
        if p.is_file() and "manifest" not in p.name
    }
    assert after == files  # not one file written again
    assert len(re.findall(r'<li[^>]*data-page="\d"', html_of(repo))) == 3


# ---------------------------------------------------------------- a damaged PDF


def test_damaged_pdf_keeps_its_icon_and_warns(git_repo: GitRepo) -> None:
    write_config(git_repo)
    git_repo.write("content/campaigns/print/index.md", BRIEF)
    whole = pdf_bytes(sheet(RED), sheet(GREEN))
    git_repo.write("assets/print/broken.pdf", whole[: len(whole) // 2])
    git_repo.commit("Half a PDF", date="2027-01-05T09:00:00+01:00")
    lines = build_both_ways(git_repo.path)
    line = one_problem(lines, "broken.pdf")
    assert line.endswith(
        "assets/print/broken.pdf: warning: cannot read PDF (damaged file or not a PDF):"
        " replace it with a valid PDF"
    )
    html = html_of(git_repo, "site/campaigns/print/review/broken/index.html")
    viewer = element(html, 'data-proofroom="viewer"', "figure")
    assert viewer.find("img").attrs.get("data-placeholder") == "true"
    assert not [n for n in viewer.iter() if "data-page" in n.attrs]
    assert "proofroom-download" in html and "cannot read PDF" in html
    gallery = html_of(git_repo, "site/campaigns/print/index.html")
    assert re.search(r'<img[^>]*_proofroom/t/[^>]*data-placeholder="true"', gallery)


def test_french_page_view(git_repo: GitRepo) -> None:
    pdf_workspace(git_repo)
    config = git_repo.path / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("language: en", "language: fr"), "utf-8")
    run_build(git_repo.path)
    viewer = element(html_of(git_repo), 'data-proofroom="viewer"', "figure")
    assert "3 pages" in viewer.find("figcaption").text
    assert "Page 2 sur 3 · 210\u00a0×\u00a0297\u00a0mm" in viewer.text
