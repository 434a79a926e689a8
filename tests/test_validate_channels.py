"""`proofroom validate` checks deliverables against their channel: warnings, never errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import validate
from helpers.gitrepo import GitRepo, copy_repo
from helpers.workspaces import BRIEF, campaign_workspace
from PIL import Image

BRIEF_PATH = "content/campaigns/soldes/index.md"
HERO = "assets/soldes/hero.jpg"
# The hero declares its channel here, whatever the shared brief says.
CHANNEL_BRIEF = BRIEF.replace("    channel: instagram-feed\n", "").replace(
    "    asset: hero.jpg\n", "    asset: hero.jpg\n    channel: instagram-feed\n"
)
HERO_LINE = CHANNEL_BRIEF.splitlines().index("  - id: hero") + 1


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = campaign_workspace(GitRepo(tmp_path_factory.mktemp("template") / "repo"))
    repo.write(BRIEF_PATH, CHANNEL_BRIEF)
    repo.commit("The hero goes to the Instagram feed", date="2027-01-21T09:00:00+01:00")
    return repo.path


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> GitRepo:
    return copy_repo(template, tmp_path / "ws")


def test_a_hero_that_does_not_fit_its_channel_is_a_warning(ws: GitRepo) -> None:
    result = validate(ws)  # the hero is 120x80, its channel instagram-feed
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{HERO}: warning: 1080x1080 expected for instagram-feed (1:1, 4:5 or 1.91:1), "
        "got 120x80 (3:2): crop to 1.91:1 or 1:1"
    ]
    assert validate(ws, "--strict").exit_code == 1


def test_a_fitting_hero_is_clean_alt_text_is_left_to_the_page(ws: GitRepo) -> None:
    ws.image(HERO, size=(1080, 1350))
    result = validate(ws)
    assert result.exit_code == 0
    assert result.stdout == "ok: briefs, decisions and team.yml are valid\n"


def test_unknown_channel_names_the_closest_at_the_deliverable_line(ws: GitRepo) -> None:
    ws.write(BRIEF_PATH, CHANNEL_BRIEF.replace("channel: instagram-feed", "channel: instagram-fed"))
    result = validate(ws, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["errors"], data["warnings"]) == (0, 1)
    (problem,) = data["problems"]
    assert (problem["path"], problem["line"], problem["severity"]) == (
        BRIEF_PATH,
        HERO_LINE,
        "warning",
    )
    assert problem["message"].startswith(
        'unknown channel "instagram-fed" (did you mean "instagram-feed"?): known channels: '
    )


def test_workspace_catalog_overrides_and_its_errors(ws: GitRepo) -> None:
    # The team accepts 120x80 thumbnails-as-feed for this test channel.
    ws.write(
        "channels.yml",
        "channels:\n  instagram-feed:\n    ratios: ['3:2']\n    min_width: 100\n",
    )
    result = validate(ws)
    assert result.exit_code == 0
    assert result.stdout == "ok: briefs, decisions and team.yml are valid\n"
    ws.write("channels.yml", "channels:\n  instagram-feed:\n    min_widht: 100\n")
    result = validate(ws)
    assert result.exit_code == 1
    assert (
        'channels.yml:3: error: unknown key "min_widht" in channels.instagram-feed '
        '(did you mean "min_width"?)'
    ) in result.stdout.splitlines()
    assert f"{HERO}: warning: 1080x1080 expected" in result.stdout  # packaged entry kept


def test_a_cmyk_hero_and_a_heavy_banner(ws: GitRepo) -> None:
    ws.write(
        BRIEF_PATH,
        CHANNEL_BRIEF.replace(
            "    asset: banner.png\n", "    asset: banner.png\n    channel: display-300x250\n"
        ),
    )
    Image.new("CMYK", (1080, 1080), (0, 80, 80, 0)).save(ws.path / HERO, format="JPEG")
    result = validate(ws)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert (
        f"{HERO}: warning: CMYK image for instagram-feed: screens show CMYK wrongly or not "
        "at all; export it as sRGB"
    ) in lines
    assert (
        "assets/soldes/banner.png: warning: 300x250 expected for display-300x250 "
        "(also accepted: 600x500), got 90x30: export at 300x250"
    ) in lines


@pytest.mark.parametrize(
    ("size", "expected"),
    [((2480, 3508), []), ((1748, 2480), ["2480x3508 expected for print-a4"])],  # A4, then A5
)
def test_a_pdf_is_measured_by_its_page_at_print_resolution(
    ws: GitRepo, size: tuple[int, int], expected: list[str]
) -> None:
    flyer = ws.path / "assets/soldes/flyer.pdf"
    Image.new("RGB", size, "white").save(flyer, "PDF", resolution=300)
    brief = CHANNEL_BRIEF.replace(
        "deliverables:\n",
        "deliverables:\n  - id: flyer\n    asset: flyer.pdf\n    channel: print-a4\n",
    )
    ws.write(BRIEF_PATH, brief)
    result = validate(ws)
    assert result.exit_code == 0, result.output
    flyer_lines = [line for line in result.stdout.splitlines() if "flyer.pdf" in line]
    assert len(flyer_lines) == len(expected)
    for line, text in zip(flyer_lines, expected, strict=True):
        assert text in line and "got 1748x2480" in line
