"""`proofroom renditions`: channel variants cut around the master's focus, in real git
workspaces with real images. The master has a red square at its focus (near the top
right corner, where a centred crop would lose it); every variant must keep it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import invoke, no_traceback, one_error_line
from helpers.gitrepo import GitRepo, copy_repo
from helpers.renditions_workspace import (
    BRIEF,
    BRIEF_PATH,
    HERO,
    ICC,
    master_image,
    write_master_workspace,
)
from PIL import Image, ImageDraw

from proofroom.core.media.renditions import (
    Outcome,
    crop_box,
    make_renditions,
    target_size,
    upscale_factor,
)
from proofroom.core.media.specs import ChannelSpec, Ratio, load_catalog, unknown_channel_message
from proofroom.core.model import DeliverableSpec
from proofroom.core.problems import Problem
from proofroom.core.settings import Settings
from proofroom.core.variants import variant_parents

FROM_HERO = f"from {HERO}"
MADE = [
    f"created assets/soldes/social/feed.jpg (1200x1200, instagram-feed, {FROM_HERO})",
    f"created assets/soldes/display/mrec.png (300x250, display-300x250, {FROM_HERO})",
    f"created assets/soldes/email.jpg (1200x600, email-hero, {FROM_HERO})",
    f"created assets/soldes/social/x.webp (1600x900, x-image, {FROM_HERO})",
    f"created assets/soldes/square.jpg (100x100, thumb-square, {FROM_HERO})",
    "created assets/soldes/display/small.jpg (728x90, display-728x90, "
    "from assets/soldes/email.jpg)",
]
# Where the square's centre lands in each variant, worked out by hand from the crop
# window (centred on the focus, pushed back inside the picture) and the scale.
EXPECTED = {
    "social/feed.jpg": ((1200, 1200), "JPEG", (1119.5, 239.5)),  # 1200 px window from x=400
    "display/mrec.png": ((300, 250), "PNG", (283.3, 50.0)),  # 1440x1200 from x=160, x 0.208
    "email.jpg": ((1200, 600), "JPEG", (1140.0, 180.0)),  # 1600x800 from the top, x 0.75
    "social/x.webp": ((1600, 900), "WEBP", (1519.5, 239.5)),  # 16:9, largest crop, no resize
    "square.jpg": ((100, 100), "JPEG", (93.3, 20.0)),  # 1200 px window from x=400, / 12
    # From email.jpg around its own focus (0.95, 0.3): a 1200x148 window from y=106.
    "display/small.jpg": ((728, 90), "JPEG", (691.6, 45.0)),
}


def red_centre(im: Image.Image) -> tuple[int, float, float]:
    """How many red pixels, and their centre."""
    rgb = im.convert("RGB")
    red = [
        (x, y)
        for y in range(rgb.height)
        for x in range(rgb.width)
        if (p := rgb.getpixel((x, y)))[0] > 180 and p[1] < 90 and p[2] < 90
    ]
    if not red:
        return 0, -1.0, -1.0
    return len(red), sum(x for x, _ in red) / len(red), sum(y for _, y in red) / len(red)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = GitRepo(tmp_path_factory.mktemp("template") / "repo")
    write_master_workspace(repo)
    repo.commit("Brief and the hero master", date="2027-01-05T09:00:00+01:00")
    return repo.path


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> GitRepo:
    return copy_repo(template, tmp_path / "ws")


def renditions(repo: GitRepo, *args: str):
    result = invoke("-C", str(repo.path), "renditions", "soldes", *args)
    no_traceback(result.stdout, result.stderr)
    return result


def brief_line(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def files_under(repo: GitRepo) -> dict[str, bytes]:
    root = repo.path / "assets"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# -- making the variants ------------------------------------------------------------------


def test_each_variant_keeps_the_focus_at_its_channel_size(ws: GitRepo) -> None:
    result = renditions(ws)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        *MADE,
        "6 created; review and commit them like any asset (git add assets/soldes/)",
    ]
    for rel, (size, fmt, (cx, cy)) in EXPECTED.items():
        with Image.open(ws.path / "assets/soldes" / rel) as im:
            assert (im.size, im.format) == (size, fmt), rel
            count, x, y = red_centre(im)
        assert count > 0, f"the focus is not in {rel}"
        assert abs(x - cx) < 3 and abs(y - cy) < 3, (rel, x, y)
    # A centred crop would have lost the square: the focus made the difference.
    with Image.open(ws.path / HERO) as im:
        centred = im.crop((200, 0, 1400, 1200))
        assert red_centre(centred)[0] == 0


def test_the_colour_profile_is_kept_and_nothing_else_is_copied(ws: GitRepo) -> None:
    exif = Image.Exif()
    exif[0x010E] = "shot on location"  # ImageDescription: metadata that must not follow
    master_image().save(ws.path / HERO, quality=95, icc_profile=ICC, exif=exif.tobytes())
    assert renditions(ws).exit_code == 0
    for rel in EXPECTED:
        with Image.open(ws.path / "assets/soldes" / rel) as im:
            assert im.info.get("icc_profile") == ICC, rel
            assert 0x010E not in im.getexif(), rel


def test_a_dry_run_writes_nothing_and_says_what_it_would_make(ws: GitRepo) -> None:
    before = files_under(ws)
    result = renditions(ws, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        *(line.replace("created ", "would create ", 1) for line in MADE),
        "6 would create; run again without --dry-run to make them",
    ]
    assert files_under(ws) == before
    assert ws.git("status", "--porcelain") == ""


def test_existing_files_are_never_replaced(ws: GitRepo) -> None:
    feed = ws.path / "assets/soldes/social/feed.jpg"
    feed.parent.mkdir(parents=True)
    Image.new("RGB", (640, 640), (0, 0, 255)).save(feed)  # a hand-made feed picture
    hand_made = feed.read_bytes()
    result = renditions(ws)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "kept assets/soldes/social/feed.jpg (already there)"
    assert lines[1:-1] == MADE[1:]
    assert lines[-1].startswith("5 created, 1 kept; ")
    assert feed.read_bytes() == hand_made
    made = files_under(ws)
    again = renditions(ws)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "6 kept"
    assert all(line.endswith("(already there)") for line in again.stdout.splitlines()[:-1])
    assert files_under(ws) == made  # byte for byte


def test_a_broken_link_in_the_way_is_kept_too(ws: GitRepo) -> None:
    ws.symlink("assets/soldes/square.jpg", "nowhere.jpg")
    result = renditions(ws)
    assert "kept assets/soldes/square.jpg (already there)" in result.stdout.splitlines()
    assert (ws.path / "assets/soldes/square.jpg").is_symlink()
    assert not (ws.path / "assets/soldes/nowhere.jpg").exists()


def test_the_focus_is_read_on_the_upright_picture(ws: GitRepo) -> None:
    """A camera file stored sideways with an EXIF orientation: focus means what people see."""
    upright = master_image()
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # 1200x1600 on disk
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to show
    stored.save(ws.path / HERO, quality=95, exif=exif.tobytes())
    assert renditions(ws).exit_code == 0
    with Image.open(ws.path / "assets/soldes/social/feed.jpg") as im:
        assert im.size == (1200, 1200)
        assert 0x0112 not in im.getexif()
        count, x, y = red_centre(im)
    assert count > 0 and abs(x - 1119.5) < 3 and abs(y - 239.5) < 3


# -- what is refused, and how it is said ----------------------------------------------------


STORY = """\
  - id: story
    asset: social/story.jpg
    channel: instagram-story
    derived_from: hero
---"""


def test_a_master_too_small_is_refused_unless_upscaling_is_allowed(ws: GitRepo) -> None:
    text = BRIEF.replace("---\nAdapt", STORY + "\nAdapt")
    ws.write(BRIEF_PATH, text)
    story = ws.path / "assets/soldes/social/story.jpg"
    result = renditions(ws)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{BRIEF_PATH}:{brief_line(text, '  - id: story')}: error: not made: {HERO} is "
        "1600x1200, too small for 1080x1920 (instagram-story) without upscaling it 1.60 "
        "times; export a larger master, or allow upscaling (--allow-upscale)"
    ]
    assert "6 created, 1 error (see above)" in result.stdout.splitlines()[-1]
    assert not story.exists()
    allowed = renditions(ws, "--allow-upscale")
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stderr.splitlines() == [
        "assets/soldes/social/story.jpg: warning: upscaled 1.60 times from "
        f"{HERO}: it will look soft; export a larger master if you can"
    ]
    with Image.open(story) as im:
        assert im.size == (1080, 1920)
        assert red_centre(im)[0] > 0


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        (
            ("    focus: [0.95, 0.2]", "    focus: [0.95, 1.2]"),
            "    focus: [0.95, 1.2]",
            "deliverables[0].focus[1] must be [x, y], two fractions between 0 and 1, "
            "e.g. 'focus: [0.5, 0.3]'",
        ),
        (
            ("    focus: [0.95, 0.2]", "    focus: centre"),
            "    focus: centre",
            "deliverables[0].focus must be a list, for example 'focus: [0.5, 0.3]'; got \"centre\"",
        ),
        (
            ("    derived_from: email", "    derived_from: emial"),
            "    derived_from: emial",
            'derived_from "emial" is not a deliverable id (did you mean "email"?); use the '
            "id of the deliverable this one is adapted from",
        ),
        (
            ("    asset: hero.jpg\n", "    asset: hero.jpg\n    derived_from: small\n"),
            "    derived_from: small",
            "derived_from makes a loop (hero -> small -> email -> hero); remove one of them",
        ),
    ],
    ids=["focus-range", "focus-type", "unknown-master", "loop"],
)
def test_a_bad_focus_or_derived_from_is_one_line_and_nothing_is_made(
    ws: GitRepo, change: tuple[str, str], needle: str, message: str
) -> None:
    text = BRIEF.replace(*change)
    ws.write(BRIEF_PATH, text)
    before = files_under(ws)
    result = renditions(ws)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{BRIEF_PATH}:{brief_line(text, needle)}: error: {message}",
        f"{BRIEF_PATH}: error: nothing was made: fix the brief, then run again",
    ]
    assert files_under(ws) == before


def test_variants_that_cannot_be_made_say_why(ws: GitRepo) -> None:
    extra = """\
  - id: orphan
    asset: orphan.jpg
    channel: instagram-feed
    derived_from: poster
  - id: poster
    asset: poster.pdf
  - id: leaflet
    asset: leaflet.jpg
    derived_from: hero
  - id: reel
    asset: reel.mp4
    channel: instagram-reels
    derived_from: hero
  - id: wide
    asset: wide.gif
    channel: x-image
    derived_from: hero
  - id: banner
    asset: banner.webp
    channel: display-728x90
    derived_from: hero
  - id: print
    asset: print.jpg
    channel: print-a9
    derived_from: hero
---"""
    text = BRIEF.replace("---\nAdapt", extra + "\nAdapt")
    ws.write(BRIEF_PATH, text)
    ws.write("assets/soldes/poster.pdf", b"%PDF-1.4\n%%EOF\n")
    result = renditions(ws)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == MADE
    at = {did: f"{BRIEF_PATH}:{brief_line(text, f'  - id: {did}')}" for did in extra_ids(extra)}
    catalog, _ = load_catalog(ws.path)
    assert result.stderr.splitlines() == [
        f'{at["leaflet"]}: warning: not made: "leaflet" has no channel, so its size is '
        "unknown; add e.g. 'channel: instagram-feed', or make it by hand",
        f"{at['reel']}: warning: not made: instagram-reels is a video channel and renditions "
        "are cut from still images only; make this one by hand",
        f'{at["wide"]}: error: cannot write "wide.gif": renditions are made as jpg, png, '
        "webp, tif; change the asset's extension",
        f'{at["banner"]}: error: "banner.webp" is not a format display-728x90 takes '
        "(jpg, jpeg, png, gif); change the asset's extension",
        f"{at['print']}: error: {unknown_channel_message('print-a9', catalog)}",
        f"{at['orphan']}: warning: not made: assets/soldes/poster.pdf is not a still image "
        "Proofroom can read (pdf); make this variant by hand",
    ]
    assert result.stdout.splitlines()[-1].startswith("6 created, 3 errors (see above)")


def extra_ids(text: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("  - id: ")]


def test_a_missing_master_and_an_lfs_pointer_are_errors(ws: GitRepo) -> None:
    ws.remove(HERO)
    result = renditions(ws)
    assert result.exit_code == 1
    feed_line = brief_line(BRIEF, "  - id: feed")
    assert result.stderr.splitlines()[0] == (
        f'{BRIEF_PATH}:{feed_line}: error: not made: its master "hero" has no file yet '
        f"({HERO}); add it, then run again"
    )
    assert result.stdout.splitlines() == ["6 errors (see above)"]
    ws.lfs(HERO, b"the real picture lives on the LFS server")
    pointer = renditions(ws)
    assert pointer.exit_code == 1
    assert f"{HERO}: error: Git LFS file not downloaded: run `git lfs pull`" in (
        pointer.stderr.splitlines()
    )
    assert not (ws.path / "assets/soldes/social/feed.jpg").exists()


def test_a_broken_master_is_an_error_at_its_path(ws: GitRepo) -> None:
    data = (ws.path / HERO).read_bytes()
    ws.write(HERO, b"not a picture at all, " + data[:10])
    result = renditions(ws)
    assert result.exit_code == 1
    assert f"{HERO}: error: cannot read this image (not a picture Pillow knows): replace it" in (
        result.stderr.splitlines()
    )


def test_unknown_campaign_is_one_line_exit_2(ws: GitRepo) -> None:
    result = invoke("-C", str(ws.path), "renditions", "solde")
    assert result.exit_code == 2
    assert one_error_line(result.stderr) == (
        "error: no campaign 'solde': content/campaigns/solde/index.md does not exist "
        "(known campaigns: soldes)"
    )


def test_a_campaign_without_variants_has_nothing_to_make(ws: GitRepo) -> None:
    ws.write(BRIEF_PATH, "---\ntitle: Soldes\n---\nNo deliverables listed.\n")
    result = renditions(ws)
    assert result.exit_code == 0
    assert result.stdout == "nothing to make: no deliverable of this campaign has derived_from\n"


# -- colours and transparency ---------------------------------------------------------------


def test_cmyk_masters_stay_cmyk_in_jpeg_and_are_refused_in_png(ws: GitRepo) -> None:
    cmyk = master_image(mode="CMYK")
    cmyk.save(ws.path / HERO, quality=95, icc_profile=ICC)
    result = renditions(ws)
    assert result.exit_code == 1
    mrec_line = brief_line(BRIEF, "  - id: mrec")
    refused = (
        f"{BRIEF_PATH}:{mrec_line}: error: {HERO} is CMYK and PNG holds no CMYK: name the "
        "variant .jpg or .tif, or make the master RGB"
    )
    assert refused in result.stderr.splitlines()
    assert not (ws.path / "assets/soldes/display/mrec.png").exists()
    with Image.open(ws.path / "assets/soldes/social/feed.jpg") as im:
        assert (im.mode, im.info.get("icc_profile")) == ("CMYK", ICC)
        assert red_centre(im)[0] > 0


def test_transparency_is_kept_in_png_and_flattened_on_white_in_jpeg(ws: GitRepo) -> None:
    text = BRIEF.replace("asset: hero.jpg", "asset: hero.png")
    ws.write(BRIEF_PATH, text)
    ws.remove(HERO)
    im = master_image(mode="RGBA")
    ImageDraw.Draw(im).rectangle((0, 0, 1599, 100), fill=(0, 0, 0, 0))  # a clear top band
    im.save(ws.path / "assets/soldes/hero.png")
    result = renditions(ws)
    assert result.exit_code == 0, result.output
    with Image.open(ws.path / "assets/soldes/display/mrec.png") as png:
        assert png.mode == "RGBA"
        assert png.getpixel((150, 2))[3] == 0 and png.getpixel((150, 200))[3] == 255
    with Image.open(ws.path / "assets/soldes/social/feed.jpg") as jpg:
        assert jpg.mode == "RGB"
        assert min(jpg.getpixel((600, 20))) > 245  # white where it was clear


# -- the geometry, on its own ---------------------------------------------------------------


def test_target_sizes_follow_the_catalog() -> None:
    catalog, problems = load_catalog(None)
    assert problems == []
    a4 = catalog["print-a4"]
    assert target_size(a4, (4000, 3000)) == (3508, 2480)  # landscape master: landscape A4
    assert target_size(a4, (3000, 4000)) == (2480, 3508)
    assert target_size(a4, (3000, 3000)) == (2480, 3508)  # square: the recommended one
    assert target_size(catalog["display-300x250"], (50, 5000)) == (300, 250)
    assert target_size(catalog["instagram-story"], (3000, 2000)) == (1125, 2000)
    assert target_size(catalog["instagram-feed"], (800, 600)) == (1080, 1080)  # min width
    assert target_size(catalog["linkedin-feed"], (3000, 3000)) == (3000, 1571)
    assert target_size(catalog["email-hero"], (5000, 5000)) == (1200, 600)
    wide = ChannelSpec(
        "wide",
        "Wide",
        "image",
        ratios=(Ratio.parse("1:1"), Ratio.parse("16:9")),
        recommended=(1920, 1080),
    )
    assert target_size(wide, (4000, 4000)) == (4000, 2250)  # the recommended one's ratio
    assert target_size(ChannelSpec("free", "Free", "image"), (100, 100)) is None


def test_the_window_is_centred_on_the_focus_and_kept_inside() -> None:
    assert crop_box((1600, 1200), (1200, 1200)) == (200.0, 0.0, 1400.0, 1200.0)
    assert crop_box((1600, 1200), (1200, 1200), (0.0, 0.0)) == (0.0, 0.0, 1200.0, 1200.0)
    assert crop_box((1600, 1200), (1200, 1200), (1.0, 1.0)) == (400.0, 0.0, 1600.0, 1200.0)
    assert crop_box((1600, 1200), (300, 250), (0.95, 0.2)) == (160.0, 0.0, 1600.0, 1200.0)
    left, top, right, bottom = crop_box((1600, 1200), (728, 90), (0.5, 0.5))
    assert (left, right) == (0.0, 1600.0)
    assert abs((bottom - top) - 1600 * 90 / 728) < 1e-9 and abs(top + bottom - 1200) < 1e-9
    assert upscale_factor(crop_box((800, 600), (1080, 1080)), (1080, 1080)) == 1.8
    assert upscale_factor(crop_box((1600, 1200), (300, 250)), (300, 250)) < 1


def test_variant_parents_skip_unknown_names_self_references_and_loops() -> None:
    def spec(did: str, source: object = None) -> DeliverableSpec:
        return DeliverableSpec(did, f"{did}.jpg", extra={"derived_from": source} if source else {})

    specs = [
        spec("hero"),
        spec("feed", "hero"),
        spec("small", "feed"),
        spec("self", "self"),
        spec("ghost", "nobody"),
        spec("a", "b"),
        spec("b", "a"),
        spec("c", "a"),  # hangs under a loop: no master at the top
        spec("number", 3),
    ]
    assert variant_parents(specs) == {"feed": "hero", "small": "feed"}


def test_the_core_yields_outcomes_and_problems_as_it_goes(ws: GitRepo) -> None:
    cfg = Settings(root=ws.path)
    items = list(make_renditions(cfg, "soldes", dry_run=True))
    assert all(isinstance(i, Outcome) for i in items)
    assert [str(i) for i in items] == [line.replace("created", "would create", 1) for line in MADE]
    assert [i.deliverable for i in items] == ["feed", "mrec", "email", "x", "square", "small"]
    ws.write(BRIEF_PATH, BRIEF.replace("channel: x-image", "channel: x-imag"))
    items = list(make_renditions(cfg, "soldes"))
    problems = [i for i in items if isinstance(i, Problem)]
    assert [(p.path, p.line, p.severity) for p in problems] == [
        (BRIEF_PATH, brief_line(BRIEF, "  - id: x"), "error")
    ]


def test_nothing_is_written_through_a_link_out_of_the_campaign(ws: GitRepo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    ws.symlink("assets/soldes/social", str(outside))
    result = renditions(ws)
    assert result.exit_code == 1
    for did, asset in (("feed", "social/feed.jpg"), ("x", "social/x.webp")):
        assert (
            f"{BRIEF_PATH}:{brief_line(BRIEF, f'  - id: {did}')}: error: the folder of "
            f'"{asset}" leads outside assets/soldes/ through a link; replace the link with a '
            "real folder"
        ) in result.stderr.splitlines()
    assert list(outside.iterdir()) == []
    assert "created assets/soldes/square.jpg" in result.stdout


@pytest.mark.parametrize("name", ["../soldes", "soldes/../soldes", ".hidden"])
def test_a_campaign_is_a_folder_name(ws: GitRepo, name: str) -> None:
    result = invoke("-C", str(ws.path), "renditions", name)
    assert result.exit_code == 2
    assert one_error_line(result.stderr).startswith(f"error: no campaign {name!r}")
    assert not (ws.path / "assets/soldes/square.jpg").exists()
