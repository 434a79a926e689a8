"""Decisions on the review page: the workflow, comments drawn on versions, the audit trail.

Only reads the model: the workflow (status, stage states, stale approvals) is computed by
:mod:`proofroom.core.workflow`. Each function returns one raw HTML block without blank lines,
or ``""`` when there is nothing to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from proofroom.core.model import DECISIONS, Decision, StageState, Version
from proofroom.site.annotations import UNKNOWN, NumberedComment, marks_html, stage_style
from proofroom.site.html import Html, attrs, block, esc, esc_multiline, escape, tag
from proofroom.site.i18n import (
    STATE_NAMES,
    decision_label,
    state_label,
    t,
)
from proofroom.site.parts import alt_text, fill, flag_html, span, time_html
from proofroom.site.video_view import comment_time_html, on_timeline

if TYPE_CHECKING:
    from proofroom.site.review_context import ReviewContext


def decision_badge_html(lang: str, decision: str) -> str:
    """A badge per decision value; an unknown value keeps a neutral look."""
    key = decision if decision in DECISIONS else "other"
    cls = f"proofroom-badge proofroom-decision proofroom-decision--{key}"
    return (
        f"<span{attrs(class_=cls, data_decision=key)}>{esc(decision_label(lang, decision))}</span>"
    )


def reviewer_html(ctx: ReviewContext, login: str) -> str:
    """The reviewer's name from reviews/team.yml when known, else the login."""
    member = ctx.team.get(login)
    name = member.name if member is not None and member.name else login
    title = login if name != login else None
    tag = attrs(class_="proofroom-reviewer", data_reviewer=login, title=title)
    return f"<span{tag}>{esc(name)}</span>"


def landed_html(ctx: ReviewContext, decision: Decision, *, with_time: bool) -> str:
    """When the decision landed (campaign timezone), or that it is not committed yet."""
    if decision.landed_at is None:
        return flag_html("uncommitted", t(ctx.lang, "not_committed"))
    return time_html(ctx.lang, decision.landed_at, ctx.tz, with_time=with_time)


def _version_key(version: Version | None) -> str:
    return str(version.number) if version is not None else UNKNOWN


# ---------------------------------------------------------------- workflow


def _vote(ctx: ReviewContext, login: str, vote: Decision | None) -> str:
    if vote is None:
        item = attrs(class_="proofroom-vote proofroom-vote--none", data_reviewer=login)
        none = span("proofroom-vote__none", t(ctx.lang, "no_decision"))
        return f"<li{item}>{reviewer_html(ctx, login)} {none}</li>"
    key = vote.decision if vote.decision in DECISIONS else "other"
    item = attrs(class_="proofroom-vote", data_reviewer=login, data_decision=key)
    return (
        f"<li{item}>{reviewer_html(ctx, login)} {decision_badge_html(ctx.lang, vote.decision)} "
        f"{landed_html(ctx, vote, with_time=False)}</li>"
    )


def _stale_vote(ctx: ReviewContext, decision: Decision) -> str:
    """An approval of another version: shown greyed, not counted."""
    version = ctx.version_of(decision)
    if version is not None:
        what = t(ctx.lang, "approved_version", n=version.number)
    else:
        what = t(ctx.lang, "approved_unknown")
    item = attrs(
        class_="proofroom-vote proofroom-vote--stale",
        data_reviewer=decision.reviewer,
        data_stale="true",
        data_version=_version_key(version),
    )
    return (
        f"<li{item}>{reviewer_html(ctx, decision.reviewer)} "
        f"{span('proofroom-vote__stale', what)} "
        f"{landed_html(ctx, decision, with_time=False)}</li>"
    )


def _stage(ctx: ReviewContext, stage: StageState) -> list[str]:
    lang = ctx.lang
    state = stage.state if stage.state in STATE_NAMES else "waiting"
    current = state in ("open", "blocked")
    item = attrs(
        class_=f"proofroom-stage proofroom-stage--{state}",
        data_stage=stage.name,
        data_state=state,
        aria_current="step" if current else None,
    )
    if stage.approvers:
        required = t(lang, "required_of", n=stage.required, total=len(stage.approvers))
    else:
        required = t(lang, "approvals_required", n=stage.required)
    head = [
        f'<strong class="proofroom-stage__name">{esc(stage.name)}</strong>',
        f'<span class="proofroom-state proofroom-state--{state}"{attrs(data_state=state)}>'
        f"{esc(state_label(lang, state))}</span>",
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
    votes += [_stale_vote(ctx, d) for d in stage.stale if d.reviewer not in stage.votes]
    lines = [f"<li{item}>", f'<p class="proofroom-stage__head">{" ".join(head)}</p>']
    if votes:
        lines += ['<ul class="proofroom-votes">', *votes, "</ul>"]
    lines.append("</li>")
    return lines


def workflow_html(ctx: ReviewContext) -> str:
    """The stages in order, each with its approvers' decisions on the current version."""
    d = ctx.deliverable
    if d is None or not d.stages:
        return ""
    lines = [
        f'<div class="proofroom proofroom-workflow"{attrs(data_proofroom="workflow")}>',
        f"<h2>{esc(t(ctx.lang, 'workflow'))}</h2>",
        '<ol class="proofroom-stages">',
    ]
    for stage in d.stages:
        lines += _stage(ctx, stage)
    lines += ["</ol>", "</div>"]
    return block(lines)


# ---------------------------------------------------------------- comments


def _where(ctx: ReviewContext, entry: NumberedComment) -> str:
    c = entry.comment
    if c.time is not None:  # mm:ss.s, a link that seeks the player when it has a marker
        return comment_time_html(ctx, entry)
    if c.page is not None:
        return span("proofroom-comment__page", t(ctx.lang, "page_n", n=c.page))
    return ""


def _comment_item(ctx: ReviewContext, entry: NumberedComment) -> list[str]:
    item = attrs(
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
        f"<li{item}>",
        f'<span class="proofroom-comment__number" aria-hidden="true">{entry.number}</span>',
        '<div class="proofroom-comment__body">',
        f'<p class="proofroom-comment__text">{esc_multiline(entry.comment.text)}</p>',
        f'<p class="proofroom-comment__meta">{" ".join(m for m in meta if m)}</p>',
        "</div>",
        "</li>",
    ]


def annotated_image(
    ctx: ReviewContext, version: Version, entries: list[NumberedComment]
) -> list[str]:
    """The version's image with its marks, or nothing when it has no picture to draw on."""
    marks = marks_html(entries, ctx.lang)
    src = ctx.display_of(version)
    if not marks or src is None:
        return []
    ref = ctx.ref(version)
    label = t(ctx.lang, "version", n=version.number)
    alt = f"{alt_text(ctx.asset.rel, ctx.deliverable)} ({label})"
    frame = attrs(class_="proofroom-annotated", style=stage_style(ref.width, ref.height))
    img = attrs(src=ctx.url(src), alt=alt, width=ref.width, height=ref.height)
    return [
        f"<div{frame}>",
        f"<img{img}{attrs(loading='lazy', decoding='async')}>",
        *marks,
        "</div>",
    ]


def comments_html(ctx: ReviewContext) -> str:
    """Comments grouped by the version they were made on, newest version first."""
    groups = ctx.comment_groups()
    if not groups:
        return ""
    lang = ctx.lang
    current = ctx.asset.current
    lines = [
        f'<div class="proofroom proofroom-comments"{attrs(data_proofroom="comments")}>',
        f"<h2>{esc(t(lang, 'comments'))}</h2>",
    ]
    ordered: list[tuple[Version | None, list[NumberedComment]]] = [
        (v, groups[str(v.number)]) for v in reversed(ctx.asset.versions) if str(v.number) in groups
    ]
    if UNKNOWN in groups:
        ordered.append((None, groups[UNKNOWN]))
    for version, entries in ordered:
        group = attrs(
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
        lines += [f"<div{group}>", f"<h3>{title}</h3>"]
        if version is not None:
            lines += annotated_image(ctx, version, entries)
        lines.append('<ol class="proofroom-comments__list">')
        for entry in entries:
            lines += _comment_item(ctx, entry)
        lines += ["</ol>", "</div>"]
    lines.append("</div>")
    return block(lines)


# ---------------------------------------------------------------- audit trail


def newest_first(decisions: list[Decision]) -> list[Decision]:
    """Uncommitted decisions first (they are the newest), then by landing, newest first."""
    return sorted(
        decisions,
        key=lambda d: (d.landed_at is None, d.landed_at.timestamp() if d.landed_at else 0, d.path),
        reverse=True,
    )


def _audit_entry(ctx: ReviewContext, decision: Decision) -> list[str]:
    lang = ctx.lang
    version = ctx.version_of(decision)
    key = decision.decision if decision.decision in DECISIONS else "other"
    item = attrs(
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
    lines = [f"<li{item}>", f'<p class="proofroom-audit__head">{" ".join(head)}</p>']
    if decision.summary.strip():
        lines.append(
            f'<p class="proofroom-audit__summary">{esc_multiline(decision.summary.strip())}</p>'
        )
    lines.append("</li>")
    return lines


def audit_html(ctx: ReviewContext) -> str:
    """Every decision on the asset, newest first, each with the commit that landed it."""
    decisions = newest_first(ctx.decisions)
    lines = [
        f'<div class="proofroom proofroom-audit"{attrs(data_proofroom="audit")}>',
        f"<h2>{esc(t(ctx.lang, 'audit'))}</h2>",
    ]
    if not decisions:
        lines.append(f'<p class="proofroom-empty">{esc(t(ctx.lang, "no_decisions"))}</p>')
    else:
        lines.append('<ol class="proofroom-audit__list">')
        for decision in decisions:
            lines += _audit_entry(ctx, decision)
        lines.append("</ol>")
    lines.append("</div>")
    return block(lines)
