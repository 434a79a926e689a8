"""What a pull request changes in the review: new versions, decisions, statuses that move.

Two models of the same workspace are compared: one at the merge base with the target
branch, one at HEAD (the pull request's merge commit in GitHub Actions). Pure over the
model, so the job summary says exactly what the site will say once it is merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Decision, Status, Version, Workspace
from .markdown_table import cell, table


@dataclass(frozen=True)
class NewVersion:
    asset: str  # workspace-relative path
    number: int
    sha: str  # blob
    author: str
    subject: str  # first line of the commit message that made it
    same_as: int | None = None


@dataclass(frozen=True)
class StatusMove:
    campaign: str
    deliverable: str
    before: str  # status (and stage) at the base; "absent" when not listed there
    after: str


@dataclass
class PullSummary:
    base: str  # the merge-base commit
    versions: list[NewVersion] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    moves: list[StatusMove] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.versions or self.decisions or self.moves)

    def to_json(self) -> dict:
        return {
            "base": self.base,
            "versions": [
                {
                    "asset": v.asset,
                    "version": v.number,
                    "sha": v.sha,
                    "author": v.author,
                    "subject": v.subject,
                    "same_as": v.same_as,
                }
                for v in self.versions
            ],
            "decisions": [
                {
                    "path": d.path,
                    "asset": d.asset,
                    "version": d.version,
                    "reviewer": d.reviewer,
                    "decision": d.decision,
                    "stage": d.stage,
                }
                for d in self.decisions
            ],
            "moves": [
                {
                    "campaign": m.campaign,
                    "deliverable": m.deliverable,
                    "before": m.before,
                    "after": m.after,
                }
                for m in self.moves
            ],
        }


def _where(status: Status, stage: str | None) -> str:
    return f"{status} ({stage})" if stage and status != Status.APPROVED else str(status)


def _new(v: Version, path: str) -> NewVersion:
    commit = v.made or v.landed
    author = commit.author.name if commit else "working copy"
    subject = commit.subject if commit else ""
    return NewVersion(path, v.number, v.blob, author, subject, v.same_as)


def summarize(base: str, before: Workspace, after: Workspace) -> PullSummary:
    """The differences that matter to reviewers between two models of one workspace."""
    out = PullSummary(base=base)
    # The base is an ancestor of HEAD: its versions are the first ones of each asset.
    counts = {a.path: len(a.versions) for c in before.campaigns for a in c.assets}
    for c in after.campaigns:
        for a in c.assets:
            if a.present:
                out.versions += [_new(v, a.path) for v in a.versions[counts.get(a.path, 0) :]]
    landed = {d.path for d in before.decisions}
    out.decisions = [d for d in after.decisions if d.path not in landed]
    was = {
        (c.id, d.id): _where(d.status, d.stage) for c in before.campaigns for d in c.deliverables
    }
    for c in after.campaigns:
        for d in c.deliverables:
            now = _where(d.status, d.stage)
            then = was.get((c.id, d.id), "absent")
            if now != then:
                out.moves.append(StatusMove(c.id, d.id, then, now))
    return out


def markdown(s: PullSummary, *, limit: int = 200) -> str:
    """For $GITHUB_STEP_SUMMARY; each list is cut at ``limit`` rows with a count of the rest."""
    lines = ["### What this pull request changes", ""]
    if s.empty:
        return "\n".join([*lines, "No new version, decision or status change.", ""])

    def rows(items: list, header: list[str], render) -> None:
        lines.extend(table(header, ([cell(x) for x in render(i)] for i in items[:limit])))
        if len(items) > limit:
            lines.append(f"\n{len(items) - limit} more not shown.")
        lines.append("")

    if s.versions:
        lines += [f"**New versions** ({len(s.versions)})", ""]
        rows(
            s.versions,
            ["Asset", "Version", "Sha", "By", "Commit"],
            lambda v: [
                v.asset,
                f"v{v.number}" + (f" (same as v{v.same_as})" if v.same_as else ""),
                v.sha[:7],
                v.author,
                v.subject,
            ],
        )
    if s.decisions:
        lines += [f"**Decisions** ({len(s.decisions)})", ""]
        rows(
            s.decisions,
            ["Asset", "Version", "Reviewer", "Decision", "Stage"],
            lambda d: [
                d.asset,
                f"v{d.version}" if d.version else d.sha[:7],
                d.reviewer,
                d.decision.replace("_", " "),
                d.stage or "-",
            ],
        )
    if s.moves:
        lines += [f"**Statuses that move** ({len(s.moves)})", ""]
        rows(
            s.moves,
            ["Campaign", "Deliverable", "Before", "After"],
            lambda m: [
                m.campaign,
                m.deliverable,
                m.before.replace("_", " "),
                m.after.replace("_", " "),
            ],
        )
    return "\n".join(lines)


def text(s: PullSummary) -> str:
    """The same, for a terminal."""
    if s.empty:
        return "no new version, decision or status change\n"
    out = []
    for v in s.versions:
        out.append(f"new version: {v.asset} v{v.number} {v.sha[:7]} by {v.author}: {v.subject}")
    for d in s.decisions:
        out.append(f"decision: {d.reviewer} {d.decision} {d.asset} ({d.path})")
    for m in s.moves:
        out.append(f"status: {m.campaign}/{m.deliverable}: {m.before} -> {m.after}")
    return "\n".join(out) + "\n"
