"""Decisions on the site: status badges and counts, the workflow, comments drawn on the
versions, the audit trail. Model objects are built by hand, as the workflow would fill them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.html import (
    HOSTILE,
    HOSTILE_TEXT,
    Node,
    assert_inert,
    parse,
    render,
    split_page,
    style_of,
)
from helpers.models import NOW, REPO, asset, campaign_with, media, version
from helpers.review_scenario import PATH, at, blob, decision, hero, page_of, scenario

from proofroom.core.model import Comment, Deliverable, DeliverableSpec, StageState, Workspace
from proofroom.site import STATIC_DIR, campaigns_index, gallery_html
from proofroom.site.annotations import percent
from proofroom.site.lang import STRINGS
from proofroom.site.lang.formats import format_offset

PAGE = "campaigns/soldes/index.md"


def classes(node: Node) -> list[str]:
    return (node.attrs.get("class") or "").split()


# ---------------------------------------------------------------- gallery and index


STATUSES = ["missing", "in_review", "changes_requested", "rejected", "approved"]


def campaign_of_statuses(statuses: list[str]):
    assets, deliverables = [], []
    for i, status in enumerate(statuses):
        rel = f"file{i}.jpg"
        a = None
        if status != "missing":
            a = asset(rel, [version(1, f"assets/soldes/{rel}", at(1, 9))])
            assets.append(a)
        d = Deliverable(f"d{i}", "soldes", rel, a, DeliverableSpec(f"d{i}", rel), status=status)
        deliverables.append(d)
    return campaign_with(*assets, deliverables=deliverables)


def test_every_status_has_its_own_badge_on_the_cards() -> None:
    c = campaign_of_statuses(STATUSES)
    c.deliverables[2].stale = True
    tree = parse(render(gallery_html(c, media, "en", page_src_uri=PAGE, now=NOW)))
    cards = tree.find_all("li", data_proofroom="card")
    badges = [card.find("span", data_status=card.attrs["data-status"]) for card in cards]
    assert [b.attrs["data-status"] for b in badges] == STATUSES
    assert [
        f"proofroom-badge--{s}" in classes(b) for b, s in zip(badges, STATUSES, strict=True)
    ] == [True] * 5
    assert [b.text for b in badges] == [
        "missing",
        "in review",
        "changes requested",
        "rejected",
        "approved",
    ]
    # The stale flag sits on the card whose approvals are for older versions only.
    assert [bool(card.find_all(data_flag="stale")) for card in cards] == [
        False,
        False,
        True,
        False,
        False,
    ]
    fr = parse(gallery_html(c, media, "fr", page_src_uri=PAGE, now=NOW))
    assert fr.find(data_flag="stale").text == "approbations périmées"


def scheme_colours(css: str, selector: str) -> dict[str, str]:
    body = css.split(selector, 1)[1].split("}", 1)[0]
    return dict(re.findall(r"--proofroom-(\w+):\s*(#[0-9a-fA-F]{6})", body))


def test_status_colours_are_distinct_in_light_and_dark_schemes() -> None:
    css = (STATIC_DIR / "proofroom.css").read_text(encoding="utf-8")
    for selector in (":root {", '[data-md-color-scheme="slate"] {'):
        colours = scheme_colours(css, selector)
        assert len({colours[s].lower() for s in STATUSES}) == 5, selector
        decisions = ["approved", "approved_with_changes", "changes_requested", "rejected"]
        assert len({colours[s].lower() for s in decisions}) == 4, selector
    for status in STATUSES:
        assert (
            f".proofroom-badge--{status} {{ --proofroom-status: var(--proofroom-{status}); }}"
            in css
        )


def test_campaign_page_has_a_count_line_above_the_grid() -> None:
    statuses = ["approved"] * 3 + ["in_review"] * 2 + ["changes_requested", "missing"]
    c = campaign_of_statuses(statuses)
    c.deliverables[3].overdue = True
    tree = parse(render(gallery_html(c, media, "en", page_src_uri=PAGE, now=NOW)))
    gallery = tree.find("div", data_proofroom="gallery")
    blocks = [n.tag for n in gallery.children if isinstance(n, Node)]
    assert blocks == ["h2", "p", "ul"]  # the count line sits between the heading and the grid
    counts = gallery.find("p", data_proofroom="status-counts")
    badges = [b for b in counts.find_all("span") if "proofroom-badge" in classes(b)]
    assert [(b.attrs["data-status"], b.attrs["data-count"]) for b in badges] == [
        ("approved", "3"),
        ("in_review", "2"),
        ("changes_requested", "1"),
        ("missing", "1"),
    ]
    assert counts.text == ("3 approved · 2 in review · 1 changes requested · 1 missing · 1 overdue")
    fr = parse(gallery_html(c, media, "fr", page_src_uri=PAGE, now=NOW))
    assert fr.find("p", data_proofroom="status-counts").text == (
        "3 approuvés · 2 en revue · 1 modifications demandées · 1 manquant · 1 en retard"
    )


def test_campaign_cards_of_the_index_carry_the_count_line() -> None:
    c = campaign_of_statuses(["approved", "rejected", "rejected"])
    index = campaigns_index(Workspace(Path("."), [c]), media, "fr")
    tree = parse(render(split_page(index.markdown)[1]))
    card = tree.find("li", data_campaign="soldes")
    counts = card.find("p", data_proofroom="status-counts")
    assert counts.text == "1 approuvé · 2 refusés"
    assert counts.find("span", data_status="rejected").attrs["data-count"] == "2"


def test_no_count_line_without_deliverables() -> None:
    a = asset("notes.pdf", [version(1, "assets/soldes/notes.pdf", NOW)], kind="pdf")
    c = campaign_with(a, deliverables=[])
    assert "status-counts" not in gallery_html(c, media, "en", page_src_uri=PAGE, now=NOW)


# ---------------------------------------------------------------- workflow


def test_workflow_lists_stages_in_order_with_states_and_votes() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d)
    workflow = tree.find("div", data_proofroom="workflow")
    assert workflow.find("h2").text == "Workflow"
    stages = [s for s in workflow.find_all("li") if "proofroom-stage" in classes(s)]
    assert [(s.attrs["data-stage"], s.attrs["data-state"]) for s in stages] == [
        ("brand", "blocked"),
        ("legal", "waiting"),
    ]
    brand, legal = stages
    # The stage where the flow stands is highlighted.
    assert brand.attrs.get("aria-current") == "step" and "aria-current" not in legal.attrs
    assert "proofroom-stage--blocked" in classes(brand)
    assert brand.find("span", data_state="blocked").text == "blocked"
    assert "2 of 2 required" in brand.text and "1 of 2 required" in legal.text
    # Opened when v3 landed: 11 Feb 09:00 UTC is 10:00 in Paris.
    opened = brand.find("span", class_="proofroom-stage__opened")
    assert opened.text == "opened 11\u00a0Feb\u00a02027, 10:00"
    assert opened.find("time").attrs["datetime"] == "2027-02-11T09:00:00Z"
    assert not brand.find_all(class_="proofroom-stage__passed")
    votes = {v.attrs["data-reviewer"]: v for v in brand.find_all("li")}
    bob = votes["bob"]
    assert bob.find("span", data_decision="changes_requested").text == "changes requested"
    assert bob.find("span", class_="proofroom-reviewer").text == "bob"  # no name in team.yml
    assert bob.find("time").text == "12\u00a0Feb\u00a02027"
    # Alice has no decision on v3; her approval of v2 is stale and listed apart.
    alice = [v for v in brand.find_all("li") if v.attrs["data-reviewer"] == "alice"]
    assert [v.attrs.get("data-stale") for v in alice] == [None, "true"]
    assert "no decision yet" in alice[0].text and not alice[0].find_all(data_decision="approved")
    legal_votes = {v.attrs["data-reviewer"]: v for v in legal.find_all("li")}
    assert "not committed yet" in legal_votes["carol"].text
    assert legal_votes["carol"].find("span", data_decision="approved").text == "approved"
    assert legal_votes["erin"].text.endswith("no decision yet")
    assert "proofroom-vote--none" in classes(legal_votes["erin"])


def test_open_and_passed_stages_show_when_they_opened_and_passed() -> None:
    a, d, ds = scenario()
    review_stage = StageState(
        "brand",
        ("alice",),
        1,
        state="passed",
        opened_at=at(11, 9),
        passed_at=at(12, 8),
        passed_by=ds["bob"],
        votes={"alice": ds["alice"]},
    )
    open_stage = StageState("legal", (), 1, state="open", opened_at=at(12, 8))
    d.stages = [review_stage, open_stage]
    _, _, tree = page_of(a, d, lang="fr")
    first, second = (s for s in tree.find_all("li") if "proofroom-stage" in classes(s))
    assert first.find("span", class_="proofroom-stage__passed").text == (
        "validée le 12\u00a0févr.\u00a02027 à 09:00"
    )
    assert first.find("span", data_state="passed").text == "validée"
    assert "1 approbation requise sur 1" in first.text
    assert second.attrs["aria-current"] == "step" and "proofroom-stage--open" in classes(second)
    assert second.find("span", data_state="open").text == "ouverte"
    assert "1 approbation requise" in second.text
    # Team names replace logins; the login stays in the title.
    alice = first.find("span", class_="proofroom-reviewer")
    assert (alice.text, alice.attrs["title"]) == ("Alice Martin", "alice")


def test_stale_approvals_are_greyed_with_the_version_they_approved() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d)
    stale = tree.find("li", data_stale="true")
    assert "proofroom-vote--stale" in classes(stale)
    assert stale.attrs["data-version"] == "2"
    assert stale.find("span", class_="proofroom-reviewer").text == "Alice Martin"
    assert stale.find("span", class_="proofroom-vote__stale").text == "approved v2"
    assert not stale.find_all(data_decision="approved")  # not shown as a current approval
    css = (STATIC_DIR / "proofroom.css").read_text(encoding="utf-8")
    assert ".proofroom-vote--stale {" in css
    _, _, fr = page_of(a, d, lang="fr")
    assert fr.find("li", data_stale="true").find("span", class_="proofroom-vote__stale").text == (
        "a approuvé la v2"
    )


def test_no_workflow_for_a_file_that_is_not_a_deliverable() -> None:
    a = hero()
    _, body, tree = page_of(a, None)
    assert 'data-proofroom="workflow"' not in body and "proofroom-comments" not in body
    audit = tree.find("div", data_proofroom="audit")
    assert audit.find("p").text == "No decision yet."


# ---------------------------------------------------------------- comments and annotations


def test_pins_and_boxes_are_drawn_at_their_percentages() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d)
    comments = tree.find("div", data_proofroom="comments")
    v2 = comments.find("div", data_version="2")
    frame = v2.find("div", class_="proofroom-annotated")
    marks = frame.find_all("a", data_proofroom="annotation")
    assert [style_of(m) for m in marks] == [
        {"left": "42%", "top": "18%"},
        {"left": "10%", "top": "10%", "width": "50%", "height": "30%"},
    ]
    assert marks[0].attrs["style"] == "left:42%;top:18%"
    assert ["proofroom-annotation--pin" in classes(m) for m in marks] == [True, False]
    assert "proofroom-annotation--box" in classes(marks[1])
    img = frame.find("img")
    assert img.attrs["alt"] == "hero.jpg (v2)"
    # The frame is sized to the picture, so percentages land on it.
    assert style_of(frame) == {"--proofroom-w": "2400px", "--proofroom-ratio": "1.5000"}


def test_numbers_match_between_marks_and_the_comment_list() -> None:
    a, d, _ = scenario()
    _src, _, tree = page_of(a, d)
    comments = tree.find("div", data_proofroom="comments")
    for group in comments.find_all("div", class_="proofroom-comments__version"):
        items = group.find_all("li", class_="proofroom-comment")
        assert [i.attrs["data-comment"] for i in items] == [
            str(n) for n in range(1, len(items) + 1)
        ]
        version_key = group.attrs["data-version"]
        assert {i.attrs["data-version"] for i in items} == {version_key}
        by_number = {i.attrs["data-comment"]: i for i in items}
        for mark in group.find_all(data_proofroom="annotation"):
            item = by_number[mark.attrs["data-comment"]]
            assert mark.attrs["data-version"] == version_key
            assert mark.attrs["href"] == f"#{item.attrs['id']}"
            assert mark.text == item.find("span", class_="proofroom-comment__number").text
    v2_items = comments.find("div", data_version="2").find_all("li", class_="proofroom-comment")
    assert [i.find("p", class_="proofroom-comment__text").text for i in v2_items] == [
        "Agrandir le logo",
        "Recadrer",
    ]
    assert v2_items[0].find("span", data_decision="approved").text == "approved"
    assert v2_items[0].find("span", class_="proofroom-reviewer").text == "Alice Martin"


def test_current_version_marks_are_drawn_over_the_viewer() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d)
    viewer = tree.find(data_proofroom="viewer")
    stage = viewer.find("div", class_="proofroom-viewer__stage proofroom-annotated")
    marks = stage.find_all("a", data_proofroom="annotation")
    # Only Bob's pin: his time and page comments are not places on the picture.
    assert [(m.attrs["data-version"], m.attrs["data-comment"]) for m in marks] == [("3", "1")]
    assert style_of(marks[0]) == {"left": "25%", "top": "75%"}
    v3 = tree.find("div", data_proofroom="comments").find("div", data_version="3")
    assert v3.find("li", data_comment="1").attrs["id"] == marks[0].attrs["href"][1:]


def test_time_and_page_comments_and_grouping_newest_first() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d)
    comments = tree.find("div", data_proofroom="comments")
    groups = comments.find_all("div", class_="proofroom-comments__version")
    assert [g.attrs["data-version"] for g in groups] == ["3", "2", "unknown"]
    assert groups[0].find("h3").text == "Comments on v3 current"
    assert groups[2].find("h3").text == "Comments on an unknown version"
    assert not groups[2].find_all("img")
    items = groups[0].find_all("li", class_="proofroom-comment")
    assert items[1].find("span", class_="proofroom-comment__time").text == "12:34.9"
    assert items[2].find("span", class_="proofroom-comment__page").text == "page 2"
    assert [i.attrs.get("data-placed") for i in items] == ["true", None, None]
    assert len(groups[0].find_all(data_proofroom="annotation")) == 1
    assert format_offset(12.4) == "00:12" and format_offset(3725) == "62:05"


def test_reverted_content_groups_comments_by_when_the_decision_landed() -> None:
    a = hero()
    # v4 reverts to v2's content: same blob, a new version.
    a.history.versions.append(replace(version(4, PATH, at(13, 9), same_as=2), blob=blob(2)))
    early = decision(
        "alice", "comment", blob(2), at(10, 12), tag="a", comments=(Comment("old", pin=(0, 0)),)
    )
    late = decision(
        "bob", "comment", blob(2), at(13, 12), tag="b", comments=(Comment("new", pin=(1, 1)),)
    )
    d = Deliverable("hero", "soldes", "hero.jpg", a, DeliverableSpec("hero", "hero.jpg"))
    d.decisions = [late, early]
    _, _, tree = page_of(a, d)
    groups = tree.find("div", data_proofroom="comments").find_all(
        "div", class_="proofroom-comments__version"
    )
    assert [(g.attrs["data-version"], g.find("p").text) for g in groups] == [
        ("4", "new"),
        ("2", "old"),
    ]
    viewer_marks = tree.find(data_proofroom="viewer").find_all(data_proofroom="annotation")
    assert [style_of(m) for m in viewer_marks] == [{"left": "100%", "top": "100%"}]


@pytest.mark.parametrize(
    ("value", "expected"), [(0.42, "42%"), (0.425, "42.5%"), (0, "0%"), (1.3, "100%"), (-1, "0%")]
)
def test_percentages(value: float, expected: str) -> None:
    assert percent(value) == expected


def test_boxes_never_overflow_the_image() -> None:
    a = hero()
    d = Deliverable("hero", "soldes", "hero.jpg", a, DeliverableSpec("hero", "hero.jpg"))
    d.decisions = [
        decision(
            "bob",
            "comment",
            blob(3),
            at(12, 8),
            tag="b",
            comments=(Comment("x", box=(0.8, 0.9, 0.5, 0.5)),),
        )
    ]
    _, _, tree = page_of(a, d)
    mark = tree.find(data_proofroom="viewer").find(data_proofroom="annotation")
    assert style_of(mark) == {"left": "80%", "top": "90%", "width": "20%", "height": "10%"}


# ---------------------------------------------------------------- audit trail


def test_audit_trail_newest_first_with_commit_links() -> None:
    a, d, ds = scenario()
    _, _, tree = page_of(a, d)
    audit = tree.find("div", data_proofroom="audit")
    assert audit.find("h2").text == "Audit trail"
    entries = audit.find_all("li", data_proofroom="audit-entry")
    assert [e.attrs["data-reviewer"] for e in entries] == ["carol", "dave", "bob", "alice"]
    carol, dave, bob, alice = entries
    assert carol.attrs["data-committed"] == "false"
    assert carol.find(data_flag="uncommitted").text == "not committed yet"
    assert not carol.find_all("a")
    assert carol.find("span", class_="proofroom-audit__version").text == "v3"
    assert "Stage: legal" in carol.text
    # Bob: date and time in Paris, badge, version, stage, summary, landing commit.
    assert bob.find("time").text == "12\u00a0Feb\u00a02027, 09:00"
    assert bob.find("span", data_decision="changes_requested").text == "changes requested"
    assert bob.find("span", class_="proofroom-audit__version").text == "v3"
    assert bob.find("p", class_="proofroom-audit__summary").text == "Le logo est trop petit"
    link = bob.find("a")
    assert link.attrs["href"] == f"{REPO}/commit/{ds['bob'].landed.sha}"
    assert link.text == "bbbbbbb"
    assert alice.find("span", class_="proofroom-audit__version").text == "v2"
    assert alice.find("span", class_="proofroom-reviewer").text == "Alice Martin"
    unknown = dave.find("span", class_="proofroom-audit__version proofroom-audit__version--unknown")
    assert unknown.text == "unknown sha deadbee"
    assert dave.attrs["data-version"] == "unknown"
    assert "Stage:" not in dave.text


def test_audit_trail_shows_the_short_sha_without_repo_url() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d, repo_url=None)
    audit = tree.find("div", data_proofroom="audit")
    assert not audit.find_all("a")
    bob = audit.find("li", data_reviewer="bob")
    assert bob.find("span", class_="proofroom-audit__commit").text == "commit bbbbbbb"


# ---------------------------------------------------------------- escaping and French


def test_hostile_summaries_comments_and_logins_stay_text() -> None:
    a = hero()
    comments = (
        Comment(HOSTILE_TEXT + "\n\nsecond line\n- item", pin=(0.5, 0.5)),
        Comment(HOSTILE[1], box=(0.1, 0.1, 0.2, 0.2)),
    )
    bad = decision(
        HOSTILE[1],
        "approved",
        blob(3),
        at(12, 8),
        tag="e",
        stage=HOSTILE[0],
        summary=f"{HOSTILE_TEXT}\n\n</div>\n\n# heading",
        comments=comments,
    )
    odd = decision("x", HOSTILE[1], HOSTILE[1], None, tag="f", resolved=False)
    stage = StageState(HOSTILE[0], (HOSTILE[1],), 1, state="passed", votes={HOSTILE[1]: bad})
    d = Deliverable("hero", "soldes", "hero.jpg", a, DeliverableSpec("hero", "hero.jpg"))
    d.status, d.decisions, d.stages = "approved", [bad, odd], [stage]
    _, body, _ = page_of(a, d)
    tree = assert_inert(render(body))
    assert len(tree.find_all("h1")) == 1  # "# heading" stayed in the summary
    assert all("proofroom-votes" in classes(u) for u in tree.find_all("ul"))  # "- item" too
    text = tree.find("div", data_proofroom="comments").find("p", class_="proofroom-comment__text")
    assert text.text == HOSTILE_TEXT + "\n\nsecond line\n- item"
    summary = tree.find("p", class_="proofroom-audit__summary")
    assert summary.text == f"{HOSTILE_TEXT}\n\n</div>\n\n# heading"
    assert tree.find("li", data_stage=HOSTILE[0])
    assert tree.find("span", data_reviewer=HOSTILE[1]).text == HOSTILE[1]
    # An unknown decision value gets a neutral badge and no made-up class.
    odd_entry = tree.find("li", data_reviewer="x")
    assert odd_entry.attrs["data-decision"] == "other"
    assert odd_entry.find("span", data_decision="other").text == HOSTILE[1]


def test_french_labels() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d, lang="fr")
    assert tree.find("div", data_proofroom="workflow").find("h2").text == "Circuit de validation"
    assert tree.find("div", data_proofroom="comments").find("h2").text == "Commentaires"
    audit = tree.find("div", data_proofroom="audit")
    assert audit.find("h2").text == "Historique des décisions"
    assert audit.find(data_flag="uncommitted").text == "pas encore commitée"
    assert audit.find("li", data_reviewer="bob").find("time").text == (
        "12\u00a0févr.\u00a02027 à 09:00"
    )
    assert "sha inconnu" in audit.find("li", data_reviewer="dave").text
    assert tree.find("li", data_stage="brand").find("span", data_state="blocked").text == "bloquée"
    assert tree.find("li", data_stage="legal").find("span", data_state="waiting").text == (
        "en attente"
    )
    assert "2 approbations requises sur 2" in tree.find("li", data_stage="brand").text
    assert tree.find("li", data_reviewer="erin").text.endswith("pas encore de décision")
    v3 = tree.find("div", data_proofroom="comments").find("div", data_version="3")
    assert v3.find("h3").text == "Commentaires sur la v3 actuelle"
    assert v3.find("span", class_="proofroom-comment__page").text == "page 2"
    mark = tree.find(data_proofroom="viewer").find(data_proofroom="annotation")
    assert mark.attrs["aria-label"] == "Commentaire 1"


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("en", ["approved", "approved with changes", "changes requested", "rejected", "comment"]),
        (
            "fr",
            [
                "approuvé",
                "approuvé avec modifications",
                "modifications demandées",
                "refusé",
                "commentaire",
            ],
        ),
    ],
)
def test_decision_badges(lang: str, labels: list[str]) -> None:
    a = hero()
    values = ["approved", "approved_with_changes", "changes_requested", "rejected", "comment"]
    d = Deliverable("hero", "soldes", "hero.jpg", a, DeliverableSpec("hero", "hero.jpg"))
    d.decisions = [
        decision(f"r{i}", value, blob(3), at(12, 8 + i), tag=str(i))
        for i, value in enumerate(values)
    ]
    _, _, tree = page_of(a, d, lang=lang)
    entries = tree.find_all("li", data_proofroom="audit-entry")
    badges = [e.find("span", data_decision=e.attrs["data-decision"]) for e in reversed(entries)]
    assert [b.attrs["data-decision"] for b in badges] == values
    assert [b.text for b in badges] == labels
    assert [
        f"proofroom-decision--{v}" in classes(b) for b, v in zip(badges, values, strict=True)
    ] == [True] * 5


def test_every_new_string_exists_in_french() -> None:
    assert set(STRINGS["fr"]) == set(STRINGS["en"])
    for key in ("workflow", "audit", "comments", "not_committed", "unknown_sha", "state_open"):
        assert STRINGS["fr"][key] != STRINGS["en"][key]


def test_script_lights_a_mark_and_its_comment_together_without_html_parsing() -> None:
    js = (STATIC_DIR / "proofroom.js").read_text(encoding="utf-8")
    css = (STATIC_DIR / "proofroom.css").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js
    for needle in ("data-comment", "data-version", "focusin", "focusout", "mouseover"):
        assert needle in js
    assert "proofroom-is-active" in js
    assert ".proofroom-annotation.proofroom-is-active" in css
    assert ".proofroom-comment.proofroom-is-active" in css
