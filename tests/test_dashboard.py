"""The timeliness dashboard page, from hand-built Timeliness values.

Checked as parsed HTML after Python-Markdown (as MkDocs renders it), like the other pages.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers.html import HOSTILE_TEXT, Node, parse, render, resolve, split_page
from helpers.models import asset, version

from proofroom.core.model import Brief, Campaign, Deliverable, DeliverableSpec, Workspace
from proofroom.core.timeliness import (
    CampaignTimes,
    DeliverableTimes,
    ReviewerTimes,
    StageWait,
    Timeliness,
)
from proofroom.site.charts import PLOT_WIDTH, Bar, bar_chart, histogram
from proofroom.site.dashboard import cycle_bins, dashboard_page, duration_text

NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
DUE = datetime(2027, 2, 10, 22, 59, 59, tzinfo=UTC)  # 10 Feb 23:59:59 in Paris
SECTIONS = [
    "overdue",
    "on-time",
    "cycle",
    "waits",
    "wip",
    "reviewers",
    "deliverables",
    "definitions",
]


def times(
    campaign: str,
    id: str,
    *,
    cycle: float | None = None,
    on_time: bool | None = None,
    lateness: float | None = None,
    rounds: int | None = None,
    overdue: bool = False,
    waits: tuple[tuple[str, float | None], ...] = (),
) -> DeliverableTimes:
    approved = NOW if cycle is not None else None
    return DeliverableTimes(
        campaign=campaign,
        id=id,
        asset=f"assets/{campaign}/{id}.jpg",
        due=DUE,
        first_submitted_at=datetime(2027, 2, 1, tzinfo=UTC),
        approved_at=approved,
        on_time=on_time,
        lateness_hours=lateness,
        cycle_hours=cycle,
        rounds=rounds,
        stages=[StageWait(name, wait) for name, wait in waits],
        overdue=overdue,
    )


def workspace(*campaign_ids: str, ids: tuple[str, ...] = ("hero", "story")) -> Workspace:
    """Campaigns whose deliverables have a file (so the dashboard can link them)."""
    campaigns = []
    for cid in campaign_ids:
        files = [
            asset(f"{i}.jpg", [version(1, f"assets/{cid}/{i}.jpg", NOW)], campaign=cid) for i in ids
        ]
        c = Campaign(
            cid,
            Brief(cid, f"content/campaigns/{cid}/index.md", cid, timezone="Europe/Paris"),
            files,
        )
        c.deliverables = [
            Deliverable(
                a.stem, cid, a.rel, a, DeliverableSpec(a.stem, a.rel, due=date(2027, 2, 10))
            )
            for a in files
        ]
        campaigns.append(c)
    return Workspace(Path("/nonexistent"), campaigns)


def sample() -> tuple[Workspace, Timeliness]:
    items = [
        times(
            "soldes",
            "hero",
            cycle=30.0,
            on_time=True,
            lateness=-5.0,
            rounds=2,
            waits=(("design", 10.0), ("legal", 40.0)),
        ),
        times("soldes", "story", overdue=True, waits=(("design", 20.0), ("legal", None))),
        times(
            "noel",
            "hero",
            cycle=24 * 8.5,
            on_time=False,
            lateness=72.0,
            rounds=3,
            waits=(("design", 30.0), ("legal", 100.0)),
        ),
        times("noel", "story", overdue=True),
    ]
    campaigns = [
        CampaignTimes("soldes", 0.5, 30.0, 30.0, ["story"]),
        CampaignTimes("noel", 0.25, 204.0, 204.0, ["story"]),
    ]
    tl = Timeliness(NOW, items, campaigns, {"stage": "legal", "median_wait_hours": 70.0})
    return workspace("soldes", "noel"), tl


def page_tree(ws: Workspace, tl: Timeliness, lang: str = "en") -> tuple[dict, Node]:
    page = dashboard_page(ws, tl, lang)
    assert page.src_uri == "timeliness/index.md"
    assert page.in_nav is True
    meta, body = split_page(page.markdown)
    return meta, parse(render(body))


def section(tree: Node, name: str) -> Node:
    return tree.find("section", data_proofroom=name)


def rows(node: Node, table_cls: str) -> list[Node]:
    table = next(t for t in node.find_all("table") if table_cls in t.attrs["class"].split())
    return table.find("tbody").find_all("tr")


def widths(svg: Node) -> dict[str, float]:
    return {
        g.attrs["data-label"]: float(g.find("rect").attrs["width"])
        for g in svg.find_all("g", class_="proofroom-chart__row")
    }


# ---------------------------------------------------------------- page structure


def test_sections_come_in_order_overdue_first() -> None:
    ws, tl = sample()
    meta, tree = page_tree(ws, tl)
    assert meta["title"] == "Timeliness"
    order = [s.attrs["data-proofroom"] for s in tree.find_all("section")]
    assert order == SECTIONS
    headings = [s.find("h2").text for s in tree.find_all("section")]
    assert headings[:4] == ["Overdue", "On-time rate", "Cycle time", "Where review waits"]


def test_overdue_lists_campaign_linked_deliverable_and_due_date() -> None:
    ws, tl = sample()
    _, tree = page_tree(ws, tl)
    found = rows(section(tree, "overdue"), "proofroom-overdue")
    assert [(r.attrs["data-campaign"], r.attrs["data-deliverable"]) for r in found] == [
        ("noel", "story"),
        ("soldes", "story"),
    ]
    link = found[1].find("a")
    assert link.text == "story"
    assert resolve("timeliness/index.md", link.attrs["href"]) == "campaigns/soldes/review/story/"
    due = found[1].find("time")
    assert due.attrs["datetime"] == "2027-02-10"
    assert due.text == "10\u00a0Feb\u00a02027"


def test_on_time_bars_are_proportional_on_a_fixed_scale() -> None:
    ws, tl = sample()
    _, tree = page_tree(ws, tl)
    sec = section(tree, "on-time")
    svg = sec.find("svg")
    assert svg.attrs["role"] == "img"
    assert svg.attrs["aria-label"] == "On-time rate per campaign"
    assert svg.find("title").text == "On-time rate per campaign"
    assert svg.attrs["viewbox"].startswith("0 0 640 ")
    got = widths(svg)
    # 50% is half the plot width, whatever the other values are.
    assert got == {"soldes": PLOT_WIDTH * 0.5, "noel": PLOT_WIDTH * 0.25}
    table = {
        r.attrs["data-campaign"]: r.find_all("td")[1].text for r in rows(sec, "proofroom-rates")
    }
    assert table == {"soldes": "50%", "noel": "25%"}


def test_cycle_histogram_and_median_table() -> None:
    ws, tl = sample()
    _, tree = page_tree(ws, tl)
    sec = section(tree, "cycle")
    bins = {g.attrs["data-label"]: g for g in sec.find("svg").find_all("g")}
    # 30 h falls in 1-2 days, 204 h (8.5 days) in 7-14 days; bins stop at the last filled one.
    assert list(bins) == ["0–1 d", "1–2 d", "2–3 d", "3–5 d", "5–7 d", "7–14 d"]
    assert bins["1–2 d"].attrs["data-count"] == "1"
    assert float(bins["1–2 d"].find("rect").attrs["height"]) == 200
    assert float(bins["0–1 d"].find("rect").attrs["height"]) == 0
    medians = {
        r.attrs["data-campaign"]: [c.text for c in r.find_all("td")]
        for r in rows(sec, "proofroom-cycles")
    }
    assert medians == {"soldes": ["soldes", "30 h", "30 h"], "noel": ["noel", "8.5 d", "8.5 d"]}


def test_waits_chart_highlights_the_bottleneck() -> None:
    ws, tl = sample()
    _, tree = page_tree(ws, tl)
    sec = section(tree, "waits")
    svg = sec.find("svg")
    got = widths(svg)
    # Medians: design 20 h, legal 70 h; the largest fills the plot.
    assert got["legal"] == PLOT_WIDTH
    assert got["design"] == pytest.approx(PLOT_WIDTH * 20 / 70, abs=0.01)
    highlighted = svg.find_all(
        "rect", class_="proofroom-chart__bar proofroom-chart__bar--highlight"
    )
    assert len(highlighted) == 1
    legal = next(g for g in svg.find_all("g") if g.attrs.get("data-label") == "legal")
    assert legal.find("rect") is highlighted[0]
    table = rows(sec, "proofroom-waits")
    assert [r.attrs["data-stage"] for r in table] == ["design", "legal"]
    assert [r.attrs.get("data-bottleneck") for r in table] == [None, "true"]
    assert "bottleneck" in table[1].text
    assert [r.find_all("td")[2].text for r in table] == ["3", "2"]
    assert sec.find(data_proofroom="bottleneck").text == (
        "The bottleneck is legal: a median wait of 2.9 d."
    )


def test_deliverables_table_has_rounds_cycle_lateness_and_result() -> None:
    ws, tl = sample()
    _, tree = page_tree(ws, tl)
    table = rows(section(tree, "deliverables"), "proofroom-deliverables")
    got = [(r.attrs["data-result"], [c.text for c in r.find_all("td")]) for r in table]
    assert got == [
        ("on-time", ["soldes", "hero", "2", "30 h", "-5 h", "–", "on time"]),
        ("late", ["soldes", "story", "–", "–", "–", "–", "late"]),
        ("late", ["noel", "hero", "3", "8.5 d", "3 d", "–", "late"]),
        ("late", ["noel", "story", "–", "–", "–", "–", "late"]),
    ]


# ---------------------------------------------------------------- hostile text, languages, empty


def test_hostile_campaign_ids_and_stage_names_stay_text() -> None:
    bad = HOSTILE_TEXT
    items = [
        times(bad, "hero", cycle=50.0, on_time=True, rounds=1, waits=((bad, 12.0),)),
        times(bad, "story", overdue=True),
    ]
    tl = Timeliness(
        NOW,
        items,
        [CampaignTimes(bad, 0.5, 50.0, 50.0, ["story"])],
        {"stage": bad, "median_wait_hours": 12.0},
    )
    page = dashboard_page(workspace(bad), tl, "en")
    _, body = split_page(page.markdown)
    html_text = render(body)
    assert "<script>" not in html_text and "<img" not in html_text
    assert "{{" not in html_text and "{%" not in html_text
    tree = parse(html_text)
    assert [s.attrs["data-proofroom"] for s in tree.find_all("section")] == SECTIONS
    overdue = rows(section(tree, "overdue"), "proofroom-overdue")
    assert overdue[0].find_all("td")[0].text == bad
    labels = [
        g.attrs["data-label"]
        for svg in tree.find_all("svg")
        for g in svg.find_all("g")
        if "data-label" in g.attrs and "proofroom-chart__row" in g.attrs.get("class", "")
    ]
    assert labels == [bad, bad]  # the on-time chart and the waits chart
    assert tree.find(data_proofroom="bottleneck").find("strong").text == bad
    assert not tree.find_all("script")


def test_french_strings_and_numbers() -> None:
    ws, tl = sample()
    meta, tree = page_tree(ws, tl, "fr")
    assert meta["title"] == "Délais"
    headings = [s.find("h2").text for s in tree.find_all("section")]
    assert headings[:4] == [
        "En retard",
        "Taux de respect des délais",
        "Durée de cycle",
        "Où la revue attend",
    ]
    cycles = rows(section(tree, "cycle"), "proofroom-cycles")
    assert [c.text for c in cycles[1].find_all("td")] == ["noel", "8,5\u00a0j", "8,5\u00a0j"]
    rates = rows(section(tree, "on-time"), "proofroom-rates")
    assert rates[0].find_all("td")[1].text == "50\u00a0%"
    assert "goulet d’étranglement" in rows(section(tree, "waits"), "proofroom-waits")[1].text
    result = rows(section(tree, "deliverables"), "proofroom-deliverables")[0]
    assert result.find_all("td")[-1].text == "dans les délais"
    due = rows(section(tree, "overdue"), "proofroom-overdue")[0].find("time")
    assert due.text == "10\u00a0févr.\u00a02027"


def test_empty_workspace_shows_sentences_not_charts() -> None:
    tl = Timeliness(NOW, [], [], None)
    _, tree = page_tree(Workspace(Path("/nonexistent"), []), tl)
    assert [s.attrs["data-proofroom"] for s in tree.find_all("section")] == SECTIONS
    assert not tree.find_all("svg")
    assert not tree.find_all("table")
    sentences = [
        s.find("p", class_="proofroom-empty").text
        for s in tree.find_all("section")
        if s.attrs["data-proofroom"] != "definitions"
    ]
    assert sentences == [
        "Nothing is overdue.",
        "No deliverable is approved with a due date or overdue yet.",
        "No deliverable is approved yet, so there is no cycle time.",
        "No stage has passed yet, so there is no wait to show.",
        "Nothing is waiting for review.",
        "No decision has landed yet, so there is no response time.",
        "No deliverable yet.",
    ]


def test_deliverables_without_approvals_show_sentences_for_charts() -> None:
    tl = Timeliness(
        NOW, [times("soldes", "hero")], [CampaignTimes("soldes", None, None, None)], None
    )
    _, tree = page_tree(workspace("soldes", ids=("hero",)), tl)
    assert not tree.find_all("svg")
    assert section(tree, "cycle").find("p", class_="proofroom-empty")
    row = rows(section(tree, "deliverables"), "proofroom-deliverables")[0]
    assert row.attrs["data-result"] == "pending"


# ---------------------------------------------------------------- charts and helpers


def test_bar_chart_escapes_labels_and_scales_to_the_largest() -> None:
    svg = bar_chart([Bar("<b>&", 2.0, "2"), Bar("x", 8.0, "8")], 'a "title" <x>')
    tree = parse(svg)
    root = tree.find("svg")
    assert root.attrs["aria-label"] == 'a "title" <x>'
    assert "<b>" not in svg
    assert widths(root) == {"<b>&": PLOT_WIDTH / 4, "x": PLOT_WIDTH}


def test_histogram_heights_follow_counts() -> None:
    tree = parse(histogram([("a", 1), ("b", 4), ("c", 0)], "h"))
    heights = [float(g.find("rect").attrs["height"]) for g in tree.find_all("g")]
    assert heights == [50.0, 200.0, 0.0]


def test_cycle_bins_edges_and_open_last_bin() -> None:
    assert cycle_bins("en", [23.9, 24.0, 24 * 45]) == [
        ("0–1 d", 1),
        ("1–2 d", 1),
        ("2–3 d", 0),
        ("3–5 d", 0),
        ("5–7 d", 0),
        ("7–14 d", 0),
        ("14–30 d", 0),
        ("30+ d", 1),
    ]


def test_duration_text_switches_to_days() -> None:
    assert duration_text("en", 47.5) == "47.5 h"
    assert duration_text("en", 48.0) == "2 d"
    assert duration_text("fr", -60.0) == "-2,5\u00a0j"
    assert duration_text("en", None) == "–"


# ---------------------------------------------------------------- work in progress, reviewers


def test_work_in_progress_counts_per_stage_and_missing_files() -> None:
    ws, tl = sample()
    tl.campaigns[0].wip = {"design": 2, "legal": 1}
    tl.campaigns[0].median_production_hours = 50.0
    tl.campaigns[1].missing = 3
    _, tree = page_tree(ws, tl)
    node = section(tree, "wip")
    headers = [th.text for th in node.find("thead").find_all("th")]
    assert headers == ["Campaign", "design", "legal", "Not delivered", "Median production"]
    got = [[c.text for c in r.find_all("td")] for r in rows(node, "proofroom-wip")]
    assert got == [["soldes", "2", "1", "0", "2.1 d"], ["noel", "0", "0", "3", "–"]]


def test_work_in_progress_sentence_when_nothing_waits() -> None:
    ws, tl = sample()
    _, tree = page_tree(ws, tl)
    assert "Nothing is waiting for review." in section(tree, "wip").text


def test_reviewers_slowest_first_with_chart_and_table() -> None:
    ws, tl = sample()
    tl.reviewers = [
        ReviewerTimes("carol", 4, 72.0, 120.0),
        ReviewerTimes("alice", 9, 6.5, 30.0),
    ]
    _, tree = page_tree(ws, tl)
    node = section(tree, "reviewers")
    got = [[c.text for c in r.find_all("td")] for r in rows(node, "proofroom-reviewers")]
    assert got == [["carol", "4", "3 d", "5 d"], ["alice", "9", "6.5 h", "30 h"]]
    bars = widths(node.find("svg"))
    assert bars["carol"] > bars["alice"] > 0


def test_reviewer_logins_are_escaped() -> None:
    ws, tl = sample()
    tl.reviewers = [ReviewerTimes(HOSTILE_TEXT, 1, 1.0, 1.0)]
    page = dashboard_page(ws, tl, "en")
    assert "<script>" not in page.markdown


def test_definitions_in_both_languages() -> None:
    ws, tl = sample()
    _, tree = page_tree(ws, tl)
    text = section(tree, "definitions").text
    assert "23:59:59" in text and "bottleneck" in text and "never rounded to zero" in text
    _, tree = page_tree(ws, tl, "fr")
    node = section(tree, "definitions")
    assert node.find("h2").text == "Comment ces chiffres sont calculés"
    assert "goulet d’étranglement" in node.text
