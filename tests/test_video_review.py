"""Video review pages through a real build: comments at a time as markers on a timeline
under the player (placed at time / duration, clamped and flagged past the end), times in
the comment list as links to their markers, and the comparison of two cuts as two
players with "play both". Videos are encoded with PyAV inside the tests."""

from __future__ import annotations

import pytest
from helpers.clips import encodes
from helpers.gitrepo import GitRepo
from helpers.html import Node, parse
from helpers.models import asset, brief, version
from helpers.sites import run_build
from helpers.video_workspace import CODEC, video_workspace

from proofroom.core.model import Campaign, Comment, Decision, Deliverable, DeliverableSpec
from proofroom.site import MediaRef, review_page
from proofroom.site.lang import STRINGS
from proofroom.site.video_view import format_moment, seconds_attr

av = pytest.importorskip("av")

pytestmark = pytest.mark.skipif(not encodes(CODEC), reason="PyAV without a VP8/VP9 encoder")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Node:
    repo = video_workspace(GitRepo(tmp_path_factory.mktemp("video") / "repo"))
    run_build(repo.path)  # strict: a time past the end is shown, not a build warning
    html = (repo.path / "site/campaigns/spot/review/spot/index.html").read_text("utf-8")
    return parse(html)


def every(root: Node, tag: str | None = None, cls: str | None = None, **attrs: object) -> list:
    """Descendants by tag, one of their classes, and attributes (``True``: present)."""
    found = []
    for node in root.iter():
        if tag is not None and node.tag != tag:
            continue
        if cls is not None and cls not in (node.attrs.get("class") or "").split():
            continue
        names = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        if all(
            (n in node.attrs) if v is True else node.attrs.get(n) == v for n, v in names.items()
        ):
            found.append(node)
    return found


def one(root: Node, tag: str | None = None, cls: str | None = None, **attrs: object) -> Node:
    found = every(root, tag, cls, **attrs)
    assert len(found) == 1, f"{len(found)} <{tag} class={cls} {attrs}>"
    return found[0]


def left_of(node: Node) -> float:
    style = dict(p.split(":", 1) for p in (node.attrs["style"] or "").split(";") if p)
    assert style["left"].endswith("%")
    return float(style["left"][:-1])


def test_times_read_as_minutes_seconds_and_tenths() -> None:
    assert format_moment("en", 0) == "00:00.0"
    assert format_moment("en", 12.4) == "00:12.4"
    assert format_moment("en", 59.96) == "01:00.0"  # rounds to the tenth, carries over
    assert format_moment("en", 3725.25) in ("62:05.2", "62:05.3")
    assert format_moment("fr", 12.4) == "00:12,4"
    assert format_moment("en", -3) == "00:00.0"
    assert seconds_attr(12.4) == "12.4" and seconds_attr(9) == "9" and seconds_attr(0) == "0"
    for key in ("timeline", "comment_at", "after_end", "play_from", "play_both", "pause_both"):
        assert STRINGS["fr"][key] != STRINGS["en"][key]


def test_timeline_markers_sit_at_time_over_duration(built: Node) -> None:
    viewer = one(built, "figure", data_proofroom="viewer")
    assert viewer.attrs["data-version"] == "2"
    # The player, then the timeline, inside the viewer.
    kids = [c.tag for c in viewer.children if isinstance(c, Node)]
    assert kids[:2] == ["video", "div"]
    timeline = one(viewer, data_proofroom="timeline")
    assert timeline.attrs["data-version"] == "2"
    duration = float(timeline.attrs["data-duration"] or "")
    assert duration == pytest.approx(3.0, abs=0.1)
    ends = [n.text for n in every(one(timeline, cls="proofroom-timeline__ends"), "span")]
    assert ends == ["00:00.0", format_moment("en", duration)]
    markers = every(timeline, "a", data_proofroom="time-marker")
    # In the order of their times; numbered like the comments (file order).
    assert [m.attrs["data-comment"] for m in markers] == ["2", "1", "3"]
    assert [m.attrs["data-time"] for m in markers] == ["0.6", "1.5", "9"]
    assert all(m.attrs["data-version"] == "2" for m in markers)
    assert [m.text for m in markers] == ["2", "1", "3"]
    assert left_of(markers[0]) == pytest.approx(100 * 0.6 / duration, abs=0.01)
    assert left_of(markers[1]) == pytest.approx(100 * 1.5 / duration, abs=0.01)
    assert markers[0].attrs["aria-label"] == "Comment 2 at 00:00.6"
    assert "data-clamped" not in markers[0].attrs
    # Only comments at a time: the pin (comment 4) and v1's comment have no marker.
    assert len(every(built, data_proofroom="time-marker")) == 3


def test_a_time_past_the_end_is_clamped_and_flagged(built: Node) -> None:
    timeline = one(built, data_proofroom="timeline")
    marker = one(timeline, "a", data_proofroom="time-marker", data_comment="3")
    assert marker.attrs["data-clamped"] == "true"
    assert "proofroom-timeline__marker--clamped" in (marker.attrs["class"] or "").split()
    assert left_of(marker) == 100
    end = format_moment("en", float(timeline.attrs["data-duration"] or ""))
    words = f"after the end ({end})"
    assert marker.attrs["aria-label"] == f"Comment 3 at 00:09.0, {words}"
    item = one(built, "li", id=(marker.attrs["href"] or "")[1:])
    assert one(item, data_flag="after-end").text == words
    # Times inside the video: no flag.
    for n in ("1", "2"):
        item = one(built, "li", data_version="2", data_comment=n)
        assert not every(item, data_flag="after-end")


def test_markers_and_comment_times_link_to_each_other(built: Node) -> None:
    comments = one(built, data_proofroom="comments")
    for marker in every(built, "a", data_proofroom="time-marker"):
        item = one(comments, "li", id=(marker.attrs["href"] or "")[1:])
        assert item.attrs["data-comment"] == marker.attrs["data-comment"]
        assert item.attrs["data-version"] == marker.attrs["data-version"] == "2"
        assert item.attrs["data-placed"] == "true"  # placed on the timeline
        time = one(item, "a", cls="proofroom-comment__time")
        assert time.attrs["href"] == f"#{marker.attrs['id']}"
        assert time.attrs["data-proofroom-seek"] == marker.attrs["data-time"]
        assert time.attrs["data-version"] == "2"
    first = one(comments, "li", data_version="2", data_comment="2")
    link = one(first, "a", cls="proofroom-comment__time")
    assert link.text == "00:00.6" and link.attrs["title"] == "Play from 00:00.6"
    # The pin has no time; v1's time is text: the page plays v2 only.
    pin = one(comments, "li", data_version="2", data_comment="4")
    assert not every(pin, cls="proofroom-comment__time")
    old = one(comments, "li", data_version="1", data_comment="1")
    assert not every(old, "a", cls="proofroom-comment__time")
    assert one(old, "span", cls="proofroom-comment__time").text == "00:01.0"
    assert "data-placed" not in old.attrs


def test_compare_shows_both_cuts_as_players_with_play_both(built: Node) -> None:
    root = one(built, data_proofroom="compare")
    panes = every(root, "figure", cls="proofroom-compare__pane")
    assert [p.attrs["data-version"] for p in panes] == ["1", "2"]
    select = one(root, "select", data_proofroom_side="left")
    options = {o.attrs["value"]: o for o in every(select, "option")}
    for pane in panes:
        player = one(pane, "video")
        assert not every(pane, "img")
        option = options[pane.attrs["data-version"]]
        assert player.attrs["src"] == option.attrs["data-video"]
        assert (player.attrs["src"] or "").endswith(".webm")
        assert player.attrs["poster"] == option.attrs["data-display"]  # the poster frame
        assert "muted" in player.attrs and "controls" in player.attrs
    sync = one(root, data_proofroom_sync=True)
    assert "hidden" in sync.attrs  # only the script can keep them in step
    button = one(sync, "button", data_proofroom_play_both=True)
    assert button.text == "Play both" and button.attrs["data-pause-label"] == "Pause both"
    # Image modes stay for images: no difference view for videos.
    modes = [i.attrs["value"] for i in every(root, "input", data_proofroom_mode=True)]
    assert modes == ["side", "swipe", "onion"]


def test_video_scripts_and_styles_are_on_the_page(built: Node) -> None:
    scripts = [s.attrs.get("src") or "" for s in every(built, "script")]
    ours = [s.rsplit("/", 1)[-1] for s in scripts if "_proofroom/" in s]
    assert "video.js" in ours and ours.index("video.js") > ours.index("proofroom.js")
    styles = [s.attrs.get("href") or "" for s in every(built, "link")]
    assert any(s.endswith("_proofroom/video.css") for s in styles)


# ---------------------------------------------------------------- length unknown


def test_without_a_known_length_markers_wait_for_the_player() -> None:
    """When the build could not read the length (no PyAV), markers carry no position;
    the script places them from the player."""
    v1 = version(1, "assets/soldes/spot.webm", None)
    a = asset("spot.webm", [v1], kind="video")
    d = Deliverable("spot", "soldes", "spot.webm", a, DeliverableSpec("spot", "spot.webm"))
    d.decisions = [
        Decision(
            path="reviews/soldes/spot/20270106T0900Z-alice.yml",
            campaign="soldes",
            asset=a.path,
            sha=v1.blob,
            reviewer="alice",
            decision="comment",
            summary="",
            comments=(Comment("Trop tôt", time=4.2),),
            blob=v1.blob,
        )
    ]

    def media(v, a) -> MediaRef:
        return MediaRef(a.path, None, "icons/video.svg", 64, 48, placeholder=True)

    campaign = Campaign("soldes", brief(), [a], [d])
    page = review_page(campaign, a, d, media, "fr", repo_url=None, branch="main")
    tree = parse(page.html)
    timeline = one(tree, data_proofroom="timeline")
    assert "proofroom-timeline--unplaced" in (timeline.attrs["class"] or "").split()
    assert "data-duration" not in timeline.attrs
    marker = one(timeline, "a", data_proofroom="time-marker")
    assert "style" not in marker.attrs and marker.attrs["data-time"] == "4.2"
    assert marker.attrs["aria-label"] == "Commentaire 1 à 00:04,2"
    assert not every(tree, cls="proofroom-timeline__ends")
    link = one(tree, "a", cls="proofroom-comment__time")
    assert link.text == "00:04,2" and link.attrs["href"] == f"#{marker.attrs['id']}"
