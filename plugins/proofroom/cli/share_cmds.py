"""Review links for guests: secret, share, shares.

``shares.yml`` is kept in git and only ever grows (a share, a revocation); the key of
a link is derived from ``PROOFROOM_SECRET`` and printed once, never written anywhere.
Every refusal is one line and leaves the file as it was.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from datetime import date, datetime, tzinfo
from pathlib import Path

import click

from ..core.atomic import atomic_write
from ..core.inputs.briefs import check_asset
from ..core.inputs.share_files import (
    append_entry,
    new_share_id,
    revocation_entry,
    share_entry,
    utc_text,
    when_text,
)
from ..core.inputs.shares import (
    CAN,
    TEAM,
    TEAM_SCOPE,
    Share,
    SharesFile,
    expiry_end,
    parse_shares,
    read_all_shares,
    share_zone,
    shares_path,
    state,
)
from ..core.problems import Problem, ProofroomError
from ..core.sealing import passphrase_key, store_passphrase
from ..core.secret import ENV_NAME, link_key, new_secret, share_key, site_secret
from ..core.settings import Settings
from ..core.validate import campaign_zones
from ..core.workspace import load_workspace, now_utc
from .common import echo, project_of, report


@click.command("secret")
def secret_command() -> None:
    """Print a new site secret for review links (it is yours to keep: written nowhere)."""
    echo(
        f"Set it as {ENV_NAME} (`export {ENV_NAME}=...`, or a GitHub Actions secret); "
        "keep it out of git: whoever has it can open every link."
    )
    echo(new_secret())


def _moment(text: str | None) -> datetime:
    """``--now`` (one plain line when it is not a date and time), else the clock."""
    if text is None:
        return now_utc()
    try:
        return now_utc(datetime.fromisoformat(text))
    except ValueError:
        raise ProofroomError(
            f"--now: {text!r} is not a date and time, e.g. 2027-02-10T18:00:00Z"
        ) from None


def _expires(text: str) -> date | datetime:
    """``--expires``: a date, or a date and time with its offset."""
    try:
        if len(text.strip()) == 10:
            return date.fromisoformat(text.strip())
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise ProofroomError(
            f"--expires: {text!r} is not a date like 2027-03-01 or a date and time with "
            "offset like 2027-03-01T18:00+01:00"
        )
    return value


def _login(text: str, option: str) -> str:
    text = text.strip()
    if not text or any(ch.isspace() for ch in text):
        raise ProofroomError(f"{option}: {text!r} is not a login; write one without spaces")
    return text


def _default_by(root: Path) -> str:
    """``git config user.name`` when it is a login (no spaces), else ``$USER``."""
    try:
        name = subprocess.run(
            ["git", "config", "user.name"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    # A git name is often a full name ("Marie Curie"), which is no login: then $USER.
    for candidate in (name, os.environ.get("USER", "").strip()):
        if candidate and not any(ch.isspace() for ch in candidate):
            return candidate
    raise ProofroomError("--by: neither git user.name nor $USER is a login; pass --by LOGIN")


def _link(cfg: Settings, share_id: str, key: bytes) -> str:
    base = cfg.site_url or ""
    if base and not base.endswith("/"):
        base += "/"
    return f"{base}s/{share_id}/#{link_key(key)}"


def _first_error(problems: list[Problem], rel: str) -> None:
    """Refuse to add to a file that already has errors (one line: the first one)."""
    errors = [p for p in problems if p.is_error and p.path == rel]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more: run `proofroom validate`)" if len(errors) > 1 else ""
        raise ProofroomError(first.message + more, path=first.path, line=first.line)


def _write(cfg: Settings, found: SharesFile, entry: list[str], section: str, zone: tzinfo) -> None:
    """Add ``entry`` to the file, read the result back as validate would, then write it."""
    path = cfg.root / found.path
    old = path.read_bytes() if path.is_file() else b""
    text = append_entry(old.decode("utf-8"), found.loaded, section, entry)
    if text is None:
        line = found.loaded.line_of((section,)) if found.loaded else 0
        raise ProofroomError(
            f"'{section}' is written as a one-line list; write it as one '- id: ...' entry "
            "per line so that entries can be added",
            path=found.path,
            line=line,
        )
    folder = None if found.campaign == TEAM else cfg.root / cfg.assets_dir / found.campaign
    _checked, problems = parse_shares(
        text, rel=found.path, campaign=found.campaign, zone=zone, assets=folder
    )
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ProofroomError(errors[0].message)
    atomic_write(path, text.encode("utf-8"))


def _files(cfg: Settings) -> tuple[list[SharesFile], list[Problem], dict[str, tzinfo]]:
    ws, _ = load_workspace(cfg)
    zones = campaign_zones(ws)
    files, problems = read_all_shares(
        cfg.root, reviews_dir=cfg.reviews_dir, assets_dir=cfg.assets_dir, zones=zones
    )
    return files, problems, zones


def _revoke(cfg: Settings, share_id: str, by: str, moment: datetime) -> None:
    files, problems, zones = _files(cfg)
    found = next((f for f in files if any(s.id == share_id for s in f.shares)), None)
    if found is None:
        raise ProofroomError(f"--revoke: no share {share_id!r}; `proofroom shares` lists them")
    _first_error(problems, found.path)
    share = next(s for s in found.shares if s.id == share_id)
    if share.revoked is not None:
        raise ProofroomError(
            f"share {share_id!r} is already revoked (by {share.revoked.by})",
            path=found.path,
            line=share.revoked.line,
        )
    entry = revocation_entry(share_id, by=by, at=moment)
    _write(cfg, found, entry, "revoked", share_zone(zones, share.campaign))
    echo(f"{found.path}: share {share_id} for {share.to} revoked")


def _check_assets(cfg: Settings, campaign: str, assets: tuple[str, ...]) -> tuple[str, ...]:
    clean: list[str] = []
    for asset in assets:
        path, message = check_asset(asset, campaign)
        if message or path is None:
            raise ProofroomError(f"--asset: {message}")
        if not (cfg.root / cfg.assets_dir / campaign / path).exists():
            raise ProofroomError(
                f"--asset: {asset!r} is not in {cfg.assets_dir}/{campaign}/; give a path "
                "relative to that folder"
            )
        clean.append(path)
    return tuple(clean)


@click.command()
@click.argument("campaign", required=False)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="A team link: every campaign (kept in reviews/shares.yml); no CAMPAIGN, no --asset.",
)
@click.option("--to", "to", default=None, help="Who the link is for: the guest's future login.")
@click.option(
    "--asset",
    "assets",
    multiple=True,
    help="A file or folder of the campaign (repeatable); none: the whole campaign.",
)
@click.option(
    "--expires",
    default=None,
    help="Last day (campaign timezone; UTC for --all) or a time with offset.",
)
@click.option("--can", default="view", help="view | comment | decide (default view).")
@click.option(
    "--passphrase",
    is_flag=True,
    help="The link also asks for a passphrase (typed at the prompt, never stored): "
    "send it by another channel than the link.",
)
@click.option("--revoke", default=None, metavar="ID", help="Revoke this share instead.")
@click.option("--by", default=None, help="Your login (default: git user.name, else $USER).")
@click.option("--now", "now", default=None, help="The moment of the share (ISO 8601).")
@click.pass_obj
def share(
    obj: dict,
    campaign: str | None,
    every: bool,
    to: str | None,
    assets: tuple[str, ...],
    expires: str | None,
    can: str,
    passphrase: bool,
    revoke: str | None,
    by: str | None,
    now: str | None,
) -> None:
    """Give a review link to a guest (printed last), or revoke one with --revoke ID.

    ``--all`` gives a team link: every campaign, in reviews/shares.yml."""
    moment = _moment(now)
    if revoke is not None:
        if campaign or every or to or assets or expires or passphrase:
            raise ProofroomError("--revoke takes only --by and --now; give no campaign or --to")
        project = project_of(obj)
        login = _login(by, "--by") if by is not None else _default_by(project.workspace.root)
        _revoke(project.workspace, revoke.strip(), login, moment)
        return
    if every and (campaign or assets):
        raise ProofroomError(
            "--all shares every campaign: give no CAMPAIGN and no --asset "
            "(share assets with proofroom share CAMPAIGN --asset PATH)"
        )
    if not campaign and not every:
        raise ProofroomError(
            "name the campaign to share: proofroom share CAMPAIGN --to NAME "
            "(or --all for every campaign)"
        )
    if to is None:
        raise ProofroomError("--to: say who the link is for, e.g. --to client-acme")
    to = _login(to, "--to")
    if can not in CAN:
        raise ProofroomError(f"--can: {can!r} is not one of {', '.join(CAN)}")
    until = _expires(expires) if expires is not None else None
    secret = site_secret(os.environ)
    project = project_of(obj)
    cfg = project.workspace
    login = _login(by, "--by") if by is not None else _default_by(cfg.root)
    files, problems, zones = _files(cfg)
    campaign = TEAM if every else campaign
    if campaign != TEAM and campaign not in zones:
        raise ProofroomError(f"no campaign {campaign!r}; `proofroom status` lists them")
    clean = _check_assets(cfg, campaign, assets) if campaign != TEAM else ()
    zone = share_zone(zones, campaign)
    if until is not None and expiry_end(until, zone) <= moment:
        raise ProofroomError(f"--expires: {when_text(until)} is in the past; give a later date")
    rel = shares_path(cfg.reviews_dir, campaign)
    _first_error(problems, rel)
    found = next((f for f in files if f.path == rel), SharesFile(campaign=campaign, path=rel))
    taken = {s.id for f in files for s in f.shares}
    share_id = next(i for i in iter(new_share_id, "") if i not in taken)
    sealed = _passphrase_key(secret, share_id) if passphrase else None
    entry = share_entry(
        share_id,
        to=to,
        assets=clean,
        expires=until,
        can=can,
        passphrase=sealed,
        by=login,
        at=moment,
    )
    _write(cfg, found, entry, "shares", zone)
    scope = ", every campaign" if campaign == TEAM else ""
    echo(f"{rel}: share {share_id} for {to} (can {can}{scope})")
    if not cfg.site_url:
        echo(
            "note: no site_url in mkdocs.yml, so the link is relative to the site's address; "
            "add site_url to print it whole",
            err=True,
        )
    echo(_link(cfg, share_id, share_key(secret, share_id)))


MIN_PASSPHRASE = 8


def _passphrase_key(secret: bytes, share_id: str) -> str:
    """Ask for the passphrase twice; what it adds to the link's key, sealed for the file."""
    text = click.prompt(
        "Passphrase for this link (send it by another channel than the link)",
        hide_input=True,
        confirmation_prompt=True,
        err=True,
    )
    if len(text) < MIN_PASSPHRASE:
        raise ProofroomError(
            f"--passphrase: use at least {MIN_PASSPHRASE} characters (a few words are best)"
        )
    sealed = store_passphrase(secret, share_id, passphrase_key(text, share_id))
    return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")


def _row(share: Share, moment: datetime) -> dict:
    return {
        "id": share.id,
        "state": state(share, moment),
        "campaign": None if share.team else share.campaign,  # null: every campaign
        "team": share.team,
        "to": share.to,
        "can": share.can,
        "expires": when_text(share.expires) if share.expires is not None else None,
        "scope": list(share.assets) or None,
        "passphrase": share.passphrase,
        "created_by": share.created_by,
        "created_at": utc_text(share.created_at),
    }


def _table(rows: list[dict]) -> str:
    heads = ("id", "state", "campaign", "to", "can", "expires", "scope")
    cells = [
        [
            str(r["id"]),
            r["state"],
            "(all)" if r["team"] else r["campaign"],
            r["to"],
            r["can"],
            r["expires"] or "never",
            ", ".join(r["scope"]) if r["scope"] else TEAM_SCOPE if r["team"] else "whole campaign",
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = [heads, *cells]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(ln, widths, strict=True)).rstrip() for ln in lines
    )


@click.command("shares")
@click.argument("campaign", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--now", "now", default=None, help="The moment for the states (ISO 8601).")
@click.pass_obj
def shares_command(obj: dict, campaign: str | None, fmt: str, now: str | None) -> None:
    """List the review links given out, with their state (no keys: no secret needed).

    With CAMPAIGN: the links that open it, team links included."""
    moment = _moment(now)
    cfg = project_of(obj).workspace
    files, problems, zones = _files(cfg)
    if campaign is not None and campaign not in zones:
        raise ProofroomError(f"no campaign {campaign!r}; `proofroom status` lists them")
    rows = [
        _row(s, moment)
        for f in files
        if campaign is None or f.campaign in (campaign, TEAM)
        for s in f.shares
    ]
    code = report(problems)
    if fmt == "json":
        echo(json.dumps({"now": utc_text(moment), "shares": rows}, indent=2))
    elif rows:
        echo(_table(rows))
    else:
        echo(
            "no shares yet: `proofroom share CAMPAIGN --to NAME` gives a review link "
            "(`--all` instead of CAMPAIGN: a team link)"
        )
    raise SystemExit(code)
