"""Decisions on the review page: the workflow, comments drawn on versions, the audit trail.

Only reads the model: the workflow (status, stage states, stale approvals) is computed by
:mod:`proofroom.core.workflow`. Each function returns one raw HTML block without blank lines,
or ``""`` when there is nothing to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from proofroom.core.logins import lookup
from proofroom.core.model import DECISIONS, Decision, StageState, Version
from proofroom.site.annotations import UNKNOWN, NumberedComment, marks_html, stage_style
from proofroom.site.html import Html, block, escape, multiline, start, tag, void
from proofroom.site.lang import (
    STATE_NAMES,
    decision_label,
    state_label,
    t,
)
from proofroom.site.parts import alt_text, fill, flag_html, span, time_html
from proofroom.site.video_view import comment_time_html, on_timeline

if TYPE_CHECKING:
    from proofroom.site.review_context import ReviewContext


def decision_badge_html(lang: str, decision: str) -> Markup:
    """A badge per decision value; an unknown value keeps a neutral look."""
    key = decision if decision in DECISIONS else "other"
    cls = f"proofroom-badge proofroom-decision proofroom-decision--{key}"
    return tag("span", decision_label(lang, decision), class_=cls, data_decision=key)


def reviewer_html(ctx: ReviewContext, login: str) -> Markup:
    """The reviewer's name from reviews/team.yml when known, else the login."""
    member = lookup(ctx.team, login)  # logins ignore case
    name = member.name if member is not None and member.name else login
    title = login if name != login else None
    return tag("span", name, class_="proofroom-reviewer", data_reviewer=login, title=title)


def landed_html(ctx: ReviewContext, decision: Decision, *, with_time: bool) -> Markup:
    """When the decision landed (campaign timezone), or that it is not committed yet."""
    if decision.landed_at is None:
        return flag_html("uncommitted", t(ctx.lang, "not_committed"))
    return time_html(ctx.lang, decision.landed_at, ctx.tz, with_time=with_time)


def _version_key(version: Version | None) -> str:
    return str(version.number) if version is not None else UNKNOWN


# ---------------------------------------------------------------- workflow


def _vote(ctx: ReviewContext, login: str, vote: Decision | None) -> Markup:
    if vote is None:
        none = span("proofroom-vote__none", t(ctx.lang, "no_decision"))
        cls = "proofroom-vote proofroom-vote--none"
        return tag("li", reviewer_html(ctx, login), " ", none, class_=cls, data_reviewer=login)
    key = vote.decision if vote.decision in DECISIONS else "other"
    parts = (
        reviewer_html(ctx, login),
        decision_badge_html(ctx.lang, vote.decision),
        landed_html(ctx, vote, with_time=False),
    )
    item = {"class_": "proofroom-vote", "data_reviewer": login, "data_decision": key}
    return tag("li", Html(" ").join(parts), **item)


def _stale_vote(ctx: ReviewContext, decision: Decision) -> Markup:
    """An approval of another version: shown greyed, not counted."""
    version = ctx.version_of(decision)
    if version is not None:
        what = t(ctx.lang, "approved_version", n=version.number)
    else:
        what = t(ctx.lang, "approved_unknown")
    parts = (
        reviewer_html(ctx, decision.reviewer),
        span("proofroom-vote__stale", what),
        landed_html(ctx, decision, with_time=False),
    )
    return tag(
        "li",
        Html(" ").join(parts),
        class_="proofroom-vote proofroom-vote--stale",
        data_reviewer=decision.reviewer,
        data_stale="true",
        data_version=_version_key(version),
    )


def _stage(ctx: ReviewContext, stage: StageState) -> list[Markup]:
    lang = ctx.lang
    state = stage.state if stage.state in STATE_NAMES else "waiting"
    current = state in ("open", "blocked")
    item = start(
        "li",
        class_=f"proofroom-stage proofroom-stage--{state}",
        data_stage=stage.name,
        data_state=state,
        aria_current="step" if current else None,
    )
    if stage.approvers:
        required = t(lang, "required_of", n=stage.required, total=len(stage.approvers))
    else:
        required = t(lang, "approvals_required", n=stage.required)
    state_cls = f"proofroom-state proofroom-state--{state}"
    head = [
        tag("strong", stage.name, class_="proofroom-stage__name"),
        tag("span", state_label(lang, state), class_=state_cls, data_state=state),
        span("proofroom-stage__required", required),
    ]
    for key, moment, cls in (
        ("opened_on", stage.opened_at, "proofroom-stage__opened"),
        ("passed_on", stage.passed_at, "proofroom-stage__passed"),
    ):
        if moment is not None:
            when = time_html(lang, moment, ctx.tz, with_time=True)
            head.append(span(cls, fill(lang, key, date=when)))
    votes = [_vote(ctx, login, stage.votes.get(login)) for login in stage.approvers]
    votes += [
        _vote(ctx, login, v) for login, v in stage.votes.items() if login not in stage.approvers
    ]
    # A stale approval matters only while its approver has said nothing on this version.
    votes += [_stale_vote(ctx, d) for d in stage.stale if d.approver not in stage.votes]
    lines = [item, tag("p", Html(" ").join(head), class_="proofroom-stage__head")]
    if votes:
        lines += [Html('<ul class="proofroom-votes">'), *votes, Html("</ul>")]
    lines.append(Html("</li>"))
    return lines


def workflow_html(ctx: ReviewContext) -> Markup:
    """The stages in order, each with its approvers' decisions on the current version."""
    d = ctx.deliverable
    if d is None or not d.stages:
        return Html()
    lines = [
        start("div", class_="proofroom proofroom-workflow", data_proofroom="workflow"),
        tag("h2", t(ctx.lang, "workflow")),
        Html('<ol class="proofroom-stages">'),
    ]
    for stage in d.stages:
        lines += _stage(ctx, stage)
    lines += [Html("</ol>"), Html("</div>")]
    return block(lines)


# ---------------------------------------------------------------- comments


def _where(ctx: ReviewContext, entry: NumberedComment) -> Markup:
    c = entry.comment
    if c.time is not None:  # mm:ss.s, a link that seeks the player when it has a marker
        return comment_time_html(ctx, entry)
    if c.page is not None:
        return span("proofroom-comment__page", t(ctx.lang, "page_n", n=c.page))
    return Html()


def _comment_item(ctx: ReviewContext, entry: NumberedComment) -> list[Markup]:
    item = start(
        "li",
        id=entry.anchor,
        class_="proofroom-comment",
        data_version=entry.version_key,
        data_comment=entry.number,
        data_placed="true" if entry.drawable or on_timeline(ctx, entry) else None,
        tabindex="0",
    )
    meta = [
        reviewer_html(ctx, entry.decision.reviewer),
        decision_badge_html(ctx.lang, entry.decision.decision),
        _where(ctx, entry),
        landed_html(ctx, entry.decision, with_time=False),
    ]
    return [
        item,
        Html('<span class="proofroom-comment__number" aria-hidden="true">{}</span>').format(
            entry.number
        ),
        Html('<div class="proofroom-comment__body">'),
        tag("p", multiline(entry.comment.text), class_="proofroom-comment__text"),
        tag("p", Html(" ").join(m for m in meta if m), class_="proofroom-comment__meta"),
        Html("</div>"),
        Html("</li>"),
    ]


def annotated_image(
    ctx: ReviewContext, version: Version, entries: list[NumberedComment]
) -> list[Markup]:
    """The version's image with its marks, or nothing when it has no picture to draw on."""
    marks = marks_html(entries, ctx.lang)
    src = ctx.display_of(version)
    if not marks or src is None:
        return []
    ref = ctx.ref(version)
    label = t(ctx.lang, "version", n=version.number)
    alt = f"{alt_text(ctx.asset.rel, ctx.deliverable)} ({label})"
    frame = start("div", class_="proofroom-annotated", style=stage_style(ref.width, ref.height))
    size = {"width": ref.width, "height": ref.height}
    img = void("img", src=ctx.url(src), alt=alt, **size, loading="lazy", decoding="async")
    return [frame, img, *marks, Html("</div>")]


def comments_html(ctx: ReviewContext) -> Markup:
    """Comments grouped by the version they were made on, newest version first."""
    groups = ctx.comment_groups()
    if not groups:
        return Html()
    lang = ctx.lang
    current = ctx.asset.current
    lines = [
        start("div", class_="proofroom proofroom-comments", data_proofroom="comments"),
        tag("h2", t(lang, "comments")),
    ]
    ordered: list[tuple[Version | None, list[NumberedComment]]] = [
        (v, groups[str(v.number)]) for v in reversed(ctx.asset.versions) if str(v.number) in groups
    ]
    if UNKNOWN in groups:
        ordered.append((None, groups[UNKNOWN]))
    for version, entries in ordered:
        group = start(
            "div",
            class_="proofroom-comments__version",
            data_version=_version_key(version),
            data_sha=version.blob if version else None,
        )
        if version is None:
            title = escape(t(lang, "comments_unknown"))
        else:
            title = escape(t(lang, "comments_of", n=version.number))
            if version is current:
                title += " " + flag_html("current", t(lang, "current"))
        lines += [group, tag("h3", title)]
        if version is not None:
            lines += annotated_image(ctx, version, entries)
        lines.append(Html('<ol class="proofroom-comments__list">'))
        for entry in entries:
            lines += _comment_item(ctx, entry)
        lines += [Html("</ol>"), Html("</div>")]
    lines.append(Html("</div>"))
    return block(lines)


# ---------------------------------------------------------------- audit trail


def newest_first(decisions: list[Decision]) -> list[Decision]:
    """Uncommitted decisions first (they are the newest), then by landing, newest first."""
    return sorted(
        decisions,
        key=lambda d: (d.landed_at is None, d.landed_at.timestamp() if d.landed_at else 0, d.path),
        reverse=True,
    )


def _audit_entry(ctx: ReviewContext, decision: Decision) -> list[Markup]:
    lang = ctx.lang
    version = ctx.version_of(decision)
    key = decision.decision if decision.decision in DECISIONS else "other"
    item = start(
        "li",
        class_="proofroom-audit__entry",
        data_proofroom="audit-entry",
        data_decision=key,
        data_reviewer=decision.reviewer,
        data_version=_version_key(version),
        data_committed="true" if decision.landed is not None else "false",
        data_path=decision.path,
    )
    if version is not None:
        reviewed = span("proofroom-audit__version", t(lang, "version", n=version.number))
    else:
        reviewed = span(
            "proofroom-audit__version proofroom-audit__version--unknown",
            Html("{} <code>{}</code>").format(t(lang, "unknown_sha"), decision.sha),
        )
    head = [
        landed_html(ctx, decision, with_time=True),
        reviewer_html(ctx, decision.reviewer),
        decision_badge_html(lang, decision.decision),
        reviewed,
    ]
    if decision.stage:
        head.append(span("proofroom-audit__stage", t(lang, "stage", stage=decision.stage)))
    if decision.landed is not None:
        sha = decision.landed.sha
        code = tag("code", sha[:7])
        href = ctx.commit_url(sha)
        link = tag("a", code, href=href, title=sha) if href else code
        head.append(span("proofroom-audit__commit", fill(lang, "landing_commit", sha=link)))
    lines = [item, tag("p", Html(" ").join(head), class_="proofroom-audit__head")]
    if decision.summary.strip():
        summary = multiline(decision.summary.strip())
        lines.append(tag("p", summary, class_="proofroom-audit__summary"))
    lines.append(Html("</li>"))
    return lines


def audit_html(ctx: ReviewContext) -> Markup:
    """Every decision on the asset, newest first, each with the commit that landed it."""
    decisions = newest_first(ctx.decisions)
    lines = [
        start("div", class_="proofroom proofroom-audit", data_proofroom="audit"),
        tag("h2", t(ctx.lang, "audit")),
    ]
    if not decisions:
        lines.append(tag("p", t(ctx.lang, "no_decisions"), class_="proofroom-empty"))
    else:
        lines.append(Html('<ol class="proofroom-audit__list">'))
        for decision in decisions:
            lines += _audit_entry(ctx, decision)
        lines.append(Html("</ol>"))
    lines.append(Html("</div>"))
    return block(lines)
