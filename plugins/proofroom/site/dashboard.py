"""The timeliness dashboard (``timeliness/``): what is overdue, on time, slow, and why.

A pure function of the workspace and its :class:`~proofroom.core.timeliness.Timeliness`
value. Readable without JavaScript: every chart is inline SVG (our own markup, see
:mod:`proofroom.site.charts`) and every number is also in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from markupsafe import Markup

from proofroom.core.model import Campaign, Deliverable, Workspace
from proofroom.core.timeliness import DeliverableTimes, Timeliness
from proofroom.core.timeliness import stage_waits as core_stage_waits
from proofroom.site.charts import Bar, bar_chart, histogram
from proofroom.site.html import (
    Html,
    block,
    blocks,
    escape,
    front_matter,
    page_url,
    review_uri,
    safe_title,
    start,
    tag,
)
from proofroom.site.lang import decimal, paragraphs, t
from proofroom.site.lang.formats import zone
from proofroom.site.parts import SitePage, campaign_tz, fill, time_html

DASHBOARD_URI = "timeliness/index.md"

# Upper edges of the cycle time bins, in days; the last bin is open ("30+ d").
BIN_EDGES = (1, 2, 3, 5, 7, 14, 30)


# ---------------------------------------------------------------- numbers as text


def _number(lang: str, value: float, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}"
    if decimals and text.endswith("." + "0" * decimals):
        text = text[: -decimals - 1]
    if text in ("-0", "-0.0"):
        text = "0"
    return decimal(lang, text)


def duration_text(lang: str, hours: float | None) -> str:
    """Hours below two days (``36 h``), days with one decimal above (``2.5 d``)."""
    if hours is None:
        return t(lang, "tl_none")
    if abs(hours) < 48:
        return t(lang, "tl_hours", n=_number(lang, hours))
    return t(lang, "tl_days", n=_number(lang, hours / 24))


def rate_text(lang: str, rate: float | None) -> str:
    if rate is None:
        return t(lang, "tl_none")
    return t(lang, "tl_percent", n=_number(lang, rate * 100, 0))


def _cell(content: str | Markup, **data: object) -> Markup:
    return tag("td", content, **data)


def _row(*cells: Markup, **data: object) -> Markup:
    return tag("tr", *cells, **data)


def _table(cls: str, headers: Sequence[str], rows: Sequence[Markup]) -> list[Markup]:
    head = (tag("th", h, scope="col") for h in headers)
    return [
        start("table", class_=f"proofroom-table {cls}"),
        tag("thead", tag("tr", *head)),
        Html("<tbody>"),
        *rows,
        Html("</tbody>"),
        Html("</table>"),
    ]


def _empty(lang: str, key: str) -> Markup:
    return tag("p", t(lang, key), class_="proofroom-empty")


def _section(name: str, title: str, body: list[Markup]) -> Markup:
    return block(
        [
            start("section", class_="proofroom proofroom-dashboard", data_proofroom=name),
            tag("h2", title, id=f"proofroom-{name}"),
            *body,
            Html("</section>"),
        ]
    )


def _figure(svg: Markup) -> Markup:
    return tag("figure", svg, class_="proofroom-chart-figure")


# ---------------------------------------------------------------- links and dates


class _Lookup:
    """Finds the model objects behind a timeliness entry (for links and timezones)."""

    def __init__(self, ws: Workspace) -> None:
        self.campaigns = {c.id: c for c in ws.campaigns}

    def campaign(self, campaign_id: str) -> Campaign | None:
        return self.campaigns.get(campaign_id)

    def deliverable(self, item: DeliverableTimes) -> Deliverable | None:
        campaign = self.campaign(item.campaign)
        if campaign is None:
            return None
        return next((d for d in campaign.deliverables if d.id == item.id), None)

    def tz(self, campaign_id: str) -> tzinfo:
        campaign = self.campaign(campaign_id)
        return campaign_tz(campaign) if campaign else zone(None)

    def link(self, item: DeliverableTimes) -> Markup:
        """The deliverable id, linked to its review page when the file exists."""
        campaign, deliverable = self.campaign(item.campaign), self.deliverable(item)
        if campaign is None or deliverable is None or deliverable.asset is None:
            return escape(item.id)
        href = page_url(DASHBOARD_URI, review_uri(deliverable.asset, campaign))
        return tag("a", item.id, href=href)

    def due(self, lang: str, item: DeliverableTimes) -> Markup:
        """The due date as written in the brief (a date stays a date), else the instant."""
        deliverable = self.deliverable(item)
        written: date | datetime | None = (
            deliverable.spec.due if deliverable and deliverable.spec else None
        )
        tz = self.tz(item.campaign)
        if written is not None:
            return time_html(lang, written, tz, with_time=isinstance(written, datetime))
        if item.due is not None:
            return time_html(lang, item.due, tz, with_time=True)
        return escape(t(lang, "tl_none"))


# ---------------------------------------------------------------- sections


def _overdue(lang: str, tl: Timeliness, look: _Lookup) -> Markup:
    items = [d for d in tl.deliverables if d.overdue]
    if not items:
        return _section("overdue", t(lang, "tl_overdue"), [_empty(lang, "tl_no_overdue")])
    items.sort(key=lambda d: (d.due is None, d.due or tl.now, d.campaign, d.id))
    rows = [
        _row(
            _cell(d.campaign),
            _cell(look.link(d)),
            _cell(look.due(lang, d)),
            data_campaign=d.campaign,
            data_deliverable=d.id,
        )
        for d in items
    ]
    headers = [t(lang, "tl_campaign"), t(lang, "tl_deliverable"), t(lang, "tl_due")]
    return _section("overdue", t(lang, "tl_overdue"), _table("proofroom-overdue", headers, rows))


def _on_time(lang: str, tl: Timeliness) -> Markup:
    title = t(lang, "tl_on_time_rate")
    rated = [c for c in tl.campaigns if c.on_time_rate is not None]
    if not rated:
        return _section("on-time", title, [_empty(lang, "tl_no_rate")])
    bars = [Bar(c.id, c.on_time_rate or 0.0, rate_text(lang, c.on_time_rate)) for c in rated]
    rows = [
        _row(
            _cell(c.id),
            _cell(rate_text(lang, c.on_time_rate), data_value=c.on_time_rate),
            data_campaign=c.id,
        )
        for c in rated
    ]
    svg = bar_chart(bars, t(lang, "tl_on_time_chart"), scale_max=1.0)
    headers = [t(lang, "tl_campaign"), title]
    return _section("on-time", title, [_figure(svg), *_table("proofroom-rates", headers, rows)])


def cycle_bins(lang: str, cycles_hours: Sequence[float]) -> list[tuple[str, int]]:
    """Counts per bin of days (0-1, 1-2, ... 30+), up to the last bin that holds a value."""
    edges = (0, *BIN_EDGES)
    counts = [0] * len(edges)
    for hours in cycles_hours:
        days = hours / 24
        index = next((i for i, high in enumerate(BIN_EDGES) if days < high), len(BIN_EDGES))
        counts[index] += 1
    last = max((i for i, n in enumerate(counts) if n), default=-1)
    bins = []
    for i in range(last + 1):
        if i < len(BIN_EDGES):
            label = t(lang, "tl_bin", low=edges[i], high=BIN_EDGES[i])
        else:
            label = t(lang, "tl_bin_last", low=edges[i])
        bins.append((label, counts[i]))
    return bins


def _cycle(lang: str, tl: Timeliness) -> Markup:
    title = t(lang, "tl_cycle")
    cycles = [d.cycle_hours for d in tl.deliverables if d.cycle_hours is not None]
    if not cycles:
        return _section("cycle", title, [_empty(lang, "tl_no_cycle")])
    bins = cycle_bins(lang, cycles)
    svg = histogram(bins, t(lang, "tl_cycle_chart"))
    bin_rows = [
        _row(_cell(label), _cell(str(n), data_value=n), data_bin=label) for label, n in bins
    ]
    bin_table = _table("proofroom-bins", [t(lang, "tl_cycle"), t(lang, "tl_count")], bin_rows)
    rows = [
        _row(
            _cell(c.id),
            _cell(duration_text(lang, c.median_cycle_hours), data_hours=c.median_cycle_hours),
            _cell(duration_text(lang, c.p90_cycle_hours), data_hours=c.p90_cycle_hours),
            data_campaign=c.id,
        )
        for c in tl.campaigns
        if c.median_cycle_hours is not None
    ]
    headers = [t(lang, "tl_campaign"), t(lang, "tl_median"), t(lang, "tl_p90")]
    body = [_figure(svg), *bin_table, *_table("proofroom-cycles", headers, rows)]
    return _section("cycle", title, body)


def stage_waits(tl: Timeliness) -> list[tuple[str, float, int]]:
    """(stage, median wait in hours, how many waits) in the order stages are first met."""
    return core_stage_waits(tl.deliverables)


def _waits(lang: str, tl: Timeliness) -> Markup:
    title = t(lang, "tl_waits")
    rows_data = stage_waits(tl)
    if not rows_data:
        return _section("waits", title, [_empty(lang, "tl_no_waits")])
    neck = tl.bottleneck["stage"] if tl.bottleneck else None
    bars = [Bar(n, m, duration_text(lang, m), highlight=n == neck) for n, m, _ in rows_data]
    rows = []
    flag = tag("span", t(lang, "tl_bottleneck"), class_="proofroom-flag proofroom-flag--bottleneck")
    for name, median, count in rows_data:
        label = escape(name)
        if name == neck:
            label += Html(" ") + flag
        rows.append(
            _row(
                _cell(label),
                _cell(duration_text(lang, median), data_hours=median),
                _cell(str(count), data_value=count),
                data_stage=name,
                data_bottleneck="true" if name == neck else None,
            )
        )
    body = []
    if tl.bottleneck:
        wait = duration_text(lang, tl.bottleneck.get("median_wait_hours"))
        text = fill(lang, "tl_bottleneck_is", stage=tag("strong", neck), wait=wait)
        body.append(tag("p", text, class_="proofroom-bottleneck", data_proofroom="bottleneck"))
    body.append(_figure(bar_chart(bars, t(lang, "tl_waits_chart"))))
    headers = [t(lang, "tl_stage"), t(lang, "tl_median_wait"), t(lang, "tl_passed_count")]
    body += _table("proofroom-waits", headers, rows)
    return _section("waits", title, body)


def _wip(lang: str, tl: Timeliness) -> Markup:
    """Per campaign, how many deliverables wait on each stage, and the median production."""
    title = t(lang, "tl_wip")
    stages: list[str] = []
    for c in tl.campaigns:
        stages += [name for name in c.wip if name not in stages]
    busy = [c for c in tl.campaigns if c.wip or c.missing]
    if not busy:
        return _section("wip", title, [_empty(lang, "tl_no_wip")])
    rows = []
    for c in busy:
        counts = (
            _cell(str(c.wip.get(name, 0)), data_stage=name, data_value=c.wip.get(name, 0))
            for name in stages
        )
        production = c.median_production_hours
        rows.append(
            _row(
                _cell(c.id),
                *counts,
                _cell(str(c.missing), data_value=c.missing),
                _cell(duration_text(lang, production), data_hours=production),
                data_campaign=c.id,
            )
        )
    headers = [
        t(lang, "tl_campaign"),
        *stages,
        t(lang, "tl_not_delivered"),
        t(lang, "tl_production"),
    ]
    return _section("wip", title, _table("proofroom-wip", headers, rows))


def _reviewers(lang: str, tl: Timeliness) -> Markup:
    """Median response per reviewer, slowest first, with the numbers in a table."""
    title = t(lang, "tl_reviewers")
    people = [r for r in tl.reviewers if r.median_response_hours is not None]
    if not people:
        return _section("reviewers", title, [_empty(lang, "tl_no_reviewers")])
    bars = [
        Bar(
            r.reviewer, r.median_response_hours or 0.0, duration_text(lang, r.median_response_hours)
        )
        for r in people
    ]
    rows = [
        _row(
            _cell(r.reviewer),
            _cell(str(r.answers), data_value=r.answers),
            _cell(duration_text(lang, r.median_response_hours), data_hours=r.median_response_hours),
            _cell(duration_text(lang, r.p90_response_hours), data_hours=r.p90_response_hours),
            data_reviewer=r.reviewer,
        )
        for r in people
    ]
    headers = [
        t(lang, "tl_reviewer"),
        t(lang, "tl_answers"),
        t(lang, "tl_median"),
        t(lang, "tl_p90"),
    ]
    svg = bar_chart(bars, t(lang, "tl_reviewers_chart"))
    return _section(
        "reviewers", title, [_figure(svg), *_table("proofroom-reviewers", headers, rows)]
    )


def _definitions(lang: str) -> Markup:
    """The definitions of every figure in words, so a reader can check any figure by hand."""
    items = [tag("li", text) for text in paragraphs(lang, "tl_defs")]
    return _section("definitions", t(lang, "tl_definitions"), [Html("<ul>"), *items, Html("</ul>")])


def _result(lang: str, d: DeliverableTimes) -> tuple[str, str]:
    if d.on_time is True:
        return "on-time", t(lang, "tl_on_time")
    if d.on_time is False or d.overdue:
        return "late", t(lang, "tl_late")
    if d.approved_at is not None and d.due is None:
        return "no-due", t(lang, "tl_no_due")
    return "pending", t(lang, "tl_pending")


def _deliverables(lang: str, tl: Timeliness, look: _Lookup) -> Markup:
    title = t(lang, "tl_all")
    if not tl.deliverables:
        return _section("deliverables", title, [_empty(lang, "tl_no_deliverables")])
    rows = []
    for d in tl.deliverables:
        key, text = _result(lang, d)
        rounds = str(d.rounds) if d.rounds is not None else t(lang, "tl_none")
        rows.append(
            _row(
                _cell(d.campaign),
                _cell(look.link(d)),
                _cell(rounds, data_value=d.rounds),
                _cell(duration_text(lang, d.cycle_hours), data_hours=d.cycle_hours),
                _cell(duration_text(lang, d.lateness_hours), data_hours=d.lateness_hours),
                _cell(duration_text(lang, d.production_hours), data_hours=d.production_hours),
                _cell(tag("span", text, class_=f"proofroom-flag proofroom-flag--{key}")),
                data_campaign=d.campaign,
                data_deliverable=d.id,
                data_result=key,
            )
        )
    headers = [
        t(lang, "tl_campaign"),
        t(lang, "tl_deliverable"),
        t(lang, "tl_rounds"),
        t(lang, "tl_cycle"),
        t(lang, "tl_lateness"),
        t(lang, "tl_production_col"),
        t(lang, "tl_result"),
    ]
    return _section("deliverables", title, _table("proofroom-deliverables", headers, rows))


# ---------------------------------------------------------------- the page


def dashboard_page(ws: Workspace, tl: Timeliness, lang: str) -> SitePage:
    """``timeliness/index.md``: overdue first, then on-time rate, cycle times, stage waits
    (bottleneck highlighted) and every deliverable's figures."""
    look = _Lookup(ws)
    title = t(lang, "tl_title")
    now = time_html(lang, tl.now, zone(None), with_time=True)
    # Every figure also sits on the campaign and review pages, which search indexes.
    meta = front_matter({"title": safe_title(title), "search": {"exclude": True}})
    head = f"{meta}\n\n{Html('# {}').format(title)}\n"
    # Thousands of table rows skip Markdown (as review pages do): its HTML parser costs
    # seconds on them, and a live preview makes this page again on every change.
    body = blocks(
        tag("p", fill(lang, "tl_now", date=now), class_="proofroom-dashboard__now"),
        _overdue(lang, tl, look),
        _on_time(lang, tl),
        _cycle(lang, tl),
        _waits(lang, tl),
        _wip(lang, tl),
        _reviewers(lang, tl),
        _deliverables(lang, tl, look),
        _definitions(lang),
    )
    return SitePage(src_uri=DASHBOARD_URI, head=head, html=str(body), in_nav=True)
