"""Guests' decisions: a decision made through a review link, checked against its share.

A guest has no account: their review page (``site/static/decide.js``) writes the decision
in the name of the share's recipient (``to``), adds ``share: <id>`` and signs it with the
share's decision key (:func:`..secret.decision_key`). ``proofroom import`` checks it at
``now``; ``validate`` and the model check it at the decision's own time (the minute in
its file name). A team link (``reviews/shares.yml``) opens every campaign, so its
decisions count in any. A decision in a guest's name without a signature is refused, so
nobody decides for a guest. Each refusal is one :class:`Problem` at the line of the key to fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..logins import among, same_login
from ..model import Decision, Verdict
from ..problems import Problem, ProofroomError
from ..secret import decision_key, previous_secrets
from ..settings import ASSETS_DIR, REVIEWS_DIR
from .guest_signatures import verify_canonical
from .shares import TEAM, Share, SharesFile, shares_path, state

GUEST_PREFIX = "guest:"  # an approver, or a reviewer, that names a share's recipient
_STAMP = re.compile(r"^([0-9]{8}T[0-9]{4}Z)-")

SecretSource = Callable[[], bytes]
"""Gives the site secret, or raises ProofroomError (exit 2) when it is not set."""


@dataclass(frozen=True)
class Guests:
    """The shares of every campaign (team links under :data:`.shares.TEAM`: they count
    in every campaign), and how to get the secret that checks signatures (None:
    signatures are not checked, e.g. a site built without the secret)."""

    shares: Mapping[str, Mapping[str, Share]] = field(default_factory=dict)  # campaign -> id
    secret: SecretSource | None = None
    reviews_dir: str = REVIEWS_DIR
    assets_dir: str = ASSETS_DIR

    @classmethod
    def of(cls, files: Iterable[SharesFile], secret: SecretSource | None = None, **dirs: str):
        """From the shares files as :func:`.shares.read_all_shares` returns them."""
        by_campaign = {f.campaign: {s.id: s for s in f.shares} for f in files}
        return cls(shares=by_campaign, secret=secret, **dirs)

    def recipients(self, campaign: str) -> set[str]:
        """Who links to ``campaign`` were given to, team links included."""
        own = self.shares.get(campaign, {}).values()
        team = self.shares.get(TEAM, {}).values() if campaign != TEAM else ()
        return {s.to for s in (*own, *team)}

    def opening(self, campaign: str, share_id: str) -> Share | None:
        """The share ``share_id`` if it opens ``campaign``: one of its own, or a team link."""
        found = self.shares.get(campaign, {}).get(share_id)
        return found if found is not None else self.shares.get(TEAM, {}).get(share_id)

    def find(self, share_id: str) -> Share | None:
        """The share of that id in any campaign."""
        for shares in self.shares.values():
            if share_id in shares:
                return shares[share_id]
        return None


def decision_time(decision: Decision) -> datetime | None:
    """When a decision was made: the minute its file name starts with (``import`` names
    it at that moment), else the commit that wrote it; None for neither."""
    name = decision.path.rsplit("/", 1)[-1]
    match = _STAMP.match(name)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y%m%dT%H%MZ").replace(tzinfo=UTC)
        except ValueError:
            pass
    if decision.made is not None:
        return decision.made.authored_at.astimezone(UTC)
    return decision.landed_at


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Check:
    """The checks of one decision; each ``refuse`` is its one problem."""

    def __init__(self, decision: Decision, guests: Guests):
        self.d, self.guests = decision, guests

    def refuse(self, key: str, message: str) -> list[Problem]:
        line = self.d.lines.get((key,), self.d.line)
        return [Problem(self.d.path, line, "error", message)]

    def unsigned(self) -> list[Problem]:
        d = self.d
        prefixed = d.reviewer.casefold().startswith(GUEST_PREFIX)  # logins ignore case
        name = d.reviewer[len(GUEST_PREFIX) :] if prefixed else d.reviewer
        guest = prefixed or among(d.reviewer, self.guests.recipients(d.campaign))
        if not guest:
            return []
        return self.refuse(
            "reviewer",
            f'unsigned decision in the name of guest "{name}"; a guest decides through '
            "their review link, whose page signs the decision: send them a link "
            "(`proofroom share`), or write your own login in reviewer:",
        )

    def share(self) -> Share | list[Problem]:
        d, guests = self.d, self.guests
        found = guests.opening(d.campaign, d.share or "")
        if found is not None:
            return found
        other = guests.find(d.share or "")
        if other is not None:
            return self.refuse(
                "share",
                f'share "{d.share}" is a link to campaign "{other.campaign}", not '
                f'"{d.campaign}"; a guest decides only on the campaign of their link',
            )
        where = shares_path(guests.reviews_dir, d.campaign)
        return self.refuse(
            "share",
            f'no share "{d.share}" in {where}; check the id (`proofroom shares` lists '
            "them) and that the share is committed",
        )

    def scope(self, share: Share) -> list[Problem]:
        if share.team or not share.assets:  # a team link opens every asset
            return []
        top = f"{self.guests.assets_dir.strip('/')}/{share.campaign}/"
        rel = self.d.asset.removeprefix(top)
        if any(rel == a or rel.startswith(a.rstrip("/") + "/") for a in share.assets):
            return []
        return self.refuse(
            "asset",
            f'asset "{self.d.asset}" is not in what share "{share.id}" opens '
            f"({share.scope}); a guest decides only on the assets of their link",
        )

    def moment(self, share: Share, when: datetime) -> list[Problem]:
        now = state(share, when)
        if now == "active":
            return []
        if now == "revoked":
            assert share.revoked is not None
            end = f"was revoked at {_iso(share.revoked.at)}"
        else:
            assert share.expires_at is not None
            end = f"expired at {_iso(share.expires_at)}"
        return self.refuse(
            "share",
            f'share "{share.id}" {end}, before this decision ({_iso(when)}); it no longer '
            "counts: give the guest a new link (`proofroom share`) to decide again",
        )

    def rights(self, share: Share) -> list[Problem]:
        if share.can == "view":
            return self.refuse(
                "share",
                f'share "{share.id}" is for viewing only (can: view): it gives no right to '
                "comment or decide; give the guest a link with can: comment or can: decide",
            )
        if share.can == "comment" and self.d.decision != Verdict.COMMENT:
            return self.refuse(
                "decision",
                f'share "{share.id}" allows comments only (can: comment), not '
                f'"{self.d.decision}"; the guest may send it as a comment, or get a link '
                "with can: decide",
            )
        return []

    def _previous(self) -> list[bytes]:
        """Secrets of before a rotation: landed decisions signed under them still count."""
        try:
            return previous_secrets(os.environ)
        except ProofroomError as exc:
            line = self.d.lines.get(("signature",), self.d.line)
            raise ProofroomError(exc.args[0], path=self.d.path, line=line) from None

    def signature(self, share: Share) -> list[Problem]:
        source = self.guests.secret
        if source is None:
            return []
        line = self.d.lines.get(("signature",), self.d.line)
        try:
            secret = source()
        except ProofroomError as exc:
            raise ProofroomError(
                f"cannot check the signature of this guest decision: {exc.args[0]}",
                path=self.d.path,
                line=line,
            ) from None
        if self.d.signed is not None and any(
            verify_canonical(decision_key(key, share.id), self.d.signed, self.d.signature)
            for key in (secret, *self._previous())
        ):
            return []
        return self.refuse(
            "signature",
            f'the signature does not match this decision and share "{share.id}": the file '
            "was changed after the guest's page signed it, or the site secret is not the "
            "one of the link; ask the guest to send the file their page made, unchanged",
        )

    def problems(self, when: datetime) -> list[Problem]:
        if self.d.share is None:
            return self.unsigned()
        share = self.share()
        if isinstance(share, list):
            return share
        if not same_login(self.d.reviewer, share.to):
            return self.refuse(
                "reviewer",
                f'reviewer "{self.d.reviewer}" is not who share "{share.id}" is for '
                f'("{share.to}"); a guest decides in the name of their link\'s recipient: '
                "send the file their page made, unchanged",
            )
        for found in (
            self.scope(share),
            self.moment(share, when),
            self.rights(share),
            self.signature(share),
        ):
            if found:
                return found
        return []


def guest_problems(decision: Decision, guests: Guests, when: datetime) -> list[Problem]:
    """Why ``decision`` may not count as a guest's at ``when`` (empty: it may, or it is
    nobody's guest decision). Raises ProofroomError when the secret is needed and missing."""
    return _Check(decision, guests).problems(when)


def needs_check(decisions: Iterable[Decision]) -> bool:
    """Whether any decision is, or claims to be, a guest's (else shares need not be read)."""
    return any(
        d.share is not None or d.reviewer.casefold().startswith(GUEST_PREFIX) for d in decisions
    )


def refuse_guests(
    decisions: list[Decision], guests: Guests, now: datetime
) -> tuple[list[Decision], list[Problem]]:
    """The decisions that may count, and the refusals of the others; each is checked at
    its own time (:func:`decision_time`), else ``now``."""
    kept: list[Decision] = []
    problems: list[Problem] = []
    for d in decisions:
        found = guest_problems(d, guests, decision_time(d) or now)
        problems += found
        if not found:
            kept.append(d)
    return kept, problems
