"""Team links: shares of every campaign, kept in ``reviews/shares.yml`` and given with
``proofroom share --all``; listed, revoked and validated like a campaign's, and a guest
decision signed through one counts in any campaign. Real git repositories, the real
command line."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import invoke, no_traceback
from helpers.gitrepo import GitRepo, blob, copy_repo
from helpers.workspaces import (
    SUMMER_POSTER,
    campaign_workspace,
    set_site_url,
    summer_campaign,
)

from proofroom.cli import main
from proofroom.core.inputs.decision_files import render_decision
from proofroom.core.inputs.guest_signatures import sign
from proofroom.core.inputs.shares import TEAM, read_all_shares
from proofroom.core.secret import decision_key, link_key, share_key, site_secret

SECRET = base64.urlsafe_b64encode(bytes(range(32))).rstrip(b"=").decode()
ENV = {"PROOFROOM_SECRET": SECRET}
NOW = "2027-02-01T10:00:00Z"
NOT_NOW = "2027-01-21T10:00:00Z"  # validate's moment: the demo workspace is clean then
TEAM_FILE = "reviews/shares.yml"
CAMPAIGN_FILE = "reviews/soldes/shares.yml"
LINK = re.compile(r"^https://reviews\.example\.com/s/([a-z0-9]{12})/#([A-Za-z0-9_-]{43})$")
HERO = "assets/soldes/hero.jpg"
POSTER = SUMMER_POSTER
TEAM_ID, OTHER_TEAM_ID, CLIENT_ID = "t3amlink0001", "t3amview0002", "k3v9q2m7x4t8"

TEAM_SHARES = f"""\
# Links for the whole team: every campaign.
shares:
  - id: {TEAM_ID}
    to: studio
    expires: 2027-03-01
    can: decide
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
  - id: {OTHER_TEAM_ID}
    to: stagiaire
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
"""

CLIENT_SHARES = f"""\
shares:
  - id: {CLIENT_ID}
    to: client-acme
    assets: [hero.jpg]
    can: decide
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo campaign ``soldes`` and a second one, ``ete``, served at an address."""
    repo = campaign_workspace(GitRepo(tmp_path_factory.mktemp("template") / "repo"))
    set_site_url(repo, "https://reviews.example.com/")
    summer_campaign(repo)
    repo.commit("Summer campaign; the site's address", date="2027-01-21T09:00:00+01:00")
    return repo.path


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> GitRepo:
    return copy_repo(template, tmp_path / "ws")


def share(repo: GitRepo, *args: str, env: dict | None = None):
    return CliRunner().invoke(
        main, ["-C", str(repo.path), "share", *args], env=ENV if env is None else env
    )


def listed(repo: GitRepo, *args: str, now: str = NOW) -> dict[str, dict]:
    result = invoke("-C", str(repo.path), "shares", *args, "--format", "json", "--now", now)
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)["shares"]}


def validate(repo: GitRepo, *args: str, now: str = NOT_NOW):
    return invoke("-C", str(repo.path), "validate", *args, "--now", now, env=ENV)


# ---------------------------------------------------------------- share --all


def test_share_all_appends_a_team_link_and_prints_it_last(ws: GitRepo) -> None:
    result = share(
        ws, "--all", "--to", "studio", "--can", "decide", "--expires", "2027-03-01",
        "--by", "marie", "--now", NOW,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    match = LINK.match(lines[-1])
    assert match, result.stdout
    share_id, key = match.groups()
    assert key == link_key(share_key(site_secret(ENV), share_id))
    assert lines[0] == f"{TEAM_FILE}: share {share_id} for studio (can decide, every campaign)"
    text = (ws.path / TEAM_FILE).read_text("utf-8")
    assert text == (
        f"shares:\n  - id: {share_id}\n    to: studio\n    expires: 2027-03-01\n"
        "    can: decide\n    created_by: marie\n    created_at: 2027-02-01T10:00:00Z\n"
    )
    assert not (ws.path / CAMPAIGN_FILE).exists()
    row = listed(ws)[share_id]
    assert row["campaign"] is None and row["team"] is True and row["scope"] is None
    # a date-only expiry of a team link ends at 23:59:59 UTC: no campaign's timezone
    assert listed(ws, now="2027-03-01T23:59:59Z")[share_id]["state"] == "active"
    assert listed(ws, now="2027-03-02T00:00:00Z")[share_id]["state"] == "expired"
    assert validate(ws).exit_code == 0


def test_a_team_link_is_revoked_in_the_team_file(ws: GitRepo) -> None:
    ws.write(TEAM_FILE, TEAM_SHARES)
    revoked = share(ws, "--revoke", TEAM_ID, "--by", "marie", "--now", "2027-02-03T00:00:00Z")
    assert revoked.exit_code == 0, revoked.output
    assert revoked.stdout == f"{TEAM_FILE}: share {TEAM_ID} for studio revoked\n"
    text = (ws.path / TEAM_FILE).read_text("utf-8")
    assert text == TEAM_SHARES + (
        f"revoked:\n  - id: {TEAM_ID}\n    by: marie\n    at: 2027-02-03T00:00:00Z\n"
    )
    states = listed(ws, now="2027-02-03T00:00:00Z")
    assert states[TEAM_ID]["state"] == "revoked" and states[OTHER_TEAM_ID]["state"] == "active"
    again = share(ws, "--revoke", TEAM_ID, "--by", "marie")
    assert again.exit_code == 2
    assert re.fullmatch(rf"{TEAM_FILE}:\d+: error: .*already revoked.*\n", again.stderr)
    assert validate(ws).exit_code == 0


def test_shares_lists_team_links_as_all_and_with_each_campaign(ws: GitRepo) -> None:
    ws.write(TEAM_FILE, TEAM_SHARES)
    ws.write(CAMPAIGN_FILE, CLIENT_SHARES)
    table = invoke("-C", str(ws.path), "shares", "--now", NOW)
    assert table.exit_code == 0, table.output
    rows = {ln.split()[0]: ln for ln in table.stdout.splitlines()[1:]}
    assert re.fullmatch(
        rf"{TEAM_ID}  active  \(all\)\s+studio\s+decide\s+2027-03-01\s+every campaign",
        rows[TEAM_ID],
    )
    assert re.search(r"  soldes\s+client-acme .* hero\.jpg$", rows[CLIENT_ID])
    everything = listed(ws)
    assert list(everything) == [TEAM_ID, OTHER_TEAM_ID, CLIENT_ID]
    assert everything[TEAM_ID] == {
        "id": TEAM_ID,
        "state": "active",
        "campaign": None,
        "team": True,
        "to": "studio",
        "can": "decide",
        "expires": "2027-03-01",
        "scope": None,
        "passphrase": False,
        "created_by": "marie",
        "created_at": "2027-01-21T10:00:00Z",
    }
    assert everything[CLIENT_ID]["campaign"] == "soldes"
    assert everything[CLIENT_ID]["team"] is False
    # the links that open a campaign: its own and the team links
    assert list(listed(ws, "ete")) == [TEAM_ID, OTHER_TEAM_ID]
    assert list(listed(ws, "soldes")) == [TEAM_ID, OTHER_TEAM_ID, CLIENT_ID]


# (arguments of `proofroom share`, a word of the one line)
REFUSED = {
    "all-and-campaign": (["soldes", "--all", "--to", "studio"], "--all shares every campaign"),
    "all-and-asset": (["--all", "--to", "studio", "--asset", "hero.jpg"], "no --asset"),
    "all-and-revoke": (["--all", "--revoke", TEAM_ID], "--revoke takes only"),
    "all-without-to": (["--all"], "--to"),
    "all-past-date": (["--all", "--to", "x", "--expires", "2027-01-31", "--now", NOW], "past"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_refused_team_link_is_one_line_and_nothing_written(ws: GitRepo, name: str) -> None:
    args, words = REFUSED[name]
    ws.write(TEAM_FILE, TEAM_SHARES)
    before = (ws.path / TEAM_FILE).read_bytes()
    result = share(ws, *args, "--by", "marie")
    no_traceback(result.stdout, result.stderr)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert words in lines[0]
    assert (ws.path / TEAM_FILE).read_bytes() == before
    assert not (ws.path / CAMPAIGN_FILE).exists()


# ---------------------------------------------------------------- the file


def test_a_team_file_naming_assets_is_one_line_at_its_line(ws: GitRepo) -> None:
    text = TEAM_SHARES.replace("    can: decide\n", "    assets: [hero.jpg]\n    can: decide\n")
    ws.write(TEAM_FILE, text)
    before = (ws.path / TEAM_FILE).read_bytes()
    checked = validate(ws)
    ours = [ln for ln in checked.stdout.splitlines() if "shares.yml" in ln]
    assert checked.exit_code == 1, checked.output
    assert ours == [
        f"{TEAM_FILE}:6: error: a team link opens every campaign; share assets from a "
        "campaign's own shares.yml"
    ]
    refused = share(ws, "--all", "--to", "agency", "--by", "marie", "--now", NOW)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.startswith(f"{TEAM_FILE}:6: error: a team link opens every campaign")
    assert (ws.path / TEAM_FILE).read_bytes() == before


def test_ids_are_unique_across_the_team_file_and_the_campaigns(ws: GitRepo) -> None:
    ws.write(TEAM_FILE, TEAM_SHARES)
    ws.write(CAMPAIGN_FILE, CLIENT_SHARES.replace(CLIENT_ID, TEAM_ID))
    checked = validate(ws)
    ours = [ln for ln in checked.stdout.splitlines() if "shares.yml" in ln]
    assert checked.exit_code == 1
    assert ours == [
        f'{CAMPAIGN_FILE}:2: error: share id "{TEAM_ID}" is also used in {TEAM_FILE}:3; '
        "give each share its own id"
    ]
    files, _problems = read_all_shares(
        ws.path, reviews_dir="reviews", assets_dir="assets", zones={"soldes": UTC, "ete": UTC}
    )
    assert [f.path for f in files] == [TEAM_FILE, CAMPAIGN_FILE]
    assert [s.team for f in files for s in f.shares] == [True, True]  # the copy is dropped
    assert files[0].campaign == TEAM
    assert files[0].shares[0].scope == "every campaign"


def test_the_team_file_is_not_read_as_a_decision(ws: GitRepo) -> None:
    ws.write(TEAM_FILE, TEAM_SHARES)
    ws.commit("Team links", date="2027-01-21T11:00:00Z")
    checked = validate(ws)
    assert checked.exit_code == 0, checked.output
    assert "decision" not in checked.stderr


def test_a_pull_request_may_add_a_team_link(ws: GitRepo) -> None:
    ws.write(TEAM_FILE, TEAM_SHARES)
    ws.commit("Team links", date="2027-01-21T11:00:00Z")
    ws.branch("more")
    ws.checkout("more")
    result = share(ws, "--all", "--to", "freelance", "--by", "marie", "--now", NOW)
    assert result.exit_code == 0, result.output
    revoked = share(ws, "--revoke", OTHER_TEAM_ID, "--by", "marie", "--now", NOW)
    assert revoked.exit_code == 0, revoked.output
    ws.commit("A link for the freelance; the intern's ends", date="2027-02-01T11:00:00Z")
    checked = validate(ws, "--base", "main")
    assert checked.exit_code == 0, checked.output
    assert "shares.yml" not in checked.stdout


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda text: text.replace("2027-03-01", "2028-03-01"), f"share {TEAM_ID} was changed"),
        (lambda text: text.replace("can: decide", "can: view"), f"share {TEAM_ID} was changed"),
        (lambda text: text.split("  - id: t3amview0002")[0], f"share {OTHER_TEAM_ID} was removed"),
    ],
)
def test_a_pull_request_cannot_edit_or_remove_a_team_link(ws: GitRepo, edit, said: str) -> None:
    ws.write(TEAM_FILE, TEAM_SHARES)
    ws.commit("Team links", date="2027-01-21T11:00:00Z")
    ws.branch("widen")
    ws.checkout("widen")
    ws.write(TEAM_FILE, edit(TEAM_SHARES))
    ws.commit("Edit the team links", date="2027-02-01T12:00:00Z")
    checked = validate(ws, "--base", "main")
    assert checked.exit_code == 1, checked.output
    assert f"{TEAM_FILE}:" in checked.stdout and said in checked.stdout


def test_a_pull_request_cannot_lift_a_team_revocation(ws: GitRepo) -> None:
    revocation = f"revoked:\n  - id: {TEAM_ID}\n    by: marie\n    at: 2027-01-28T09:00:00Z\n"
    ws.write(TEAM_FILE, TEAM_SHARES + revocation)
    ws.commit("Team links, one revoked", date="2027-01-28T10:00:00Z")
    ws.branch("lift")
    ws.checkout("lift")
    ws.write(TEAM_FILE, TEAM_SHARES)
    ws.commit("Open it again", date="2027-02-01T12:00:00Z")
    checked = validate(ws, "--base", "main")
    assert checked.exit_code == 1, checked.output
    assert f"the revocation of {TEAM_ID} was removed" in checked.stdout


# ---------------------------------------------------------------- guest decisions


def guest_decision(repo: GitRepo, asset: str, link: str, to: str, **changes: object) -> dict:
    """What a guest's page makes through ``link``: the decision, signed."""
    data: dict = {
        "asset": asset,
        "sha": blob(repo, asset)[:12],
        "reviewer": to,
        "decision": "approved",
        "summary": "Bon pour nous",
        "share": link,
    }
    data.update(changes)
    data["signature"] = sign(decision_key(site_secret(ENV), link), data)
    return data


def import_(repo: GitRepo, tmp_path: Path, data: dict, now: str = NOW):
    source = tmp_path / "received.yml"
    source.write_text(render_decision(data), "utf-8")
    return invoke("-C", str(repo.path), "import", str(source), "--now", now, env=ENV)


@pytest.fixture
def team_ws(ws: GitRepo) -> GitRepo:
    ws.write(TEAM_FILE, TEAM_SHARES)
    ws.write(CAMPAIGN_FILE, CLIENT_SHARES)
    ws.commit("Team links; a link for the client", date="2027-01-21T11:00:00Z")
    return ws


@pytest.mark.parametrize("asset", [HERO, POSTER], ids=["soldes", "ete"])
def test_a_team_decision_imports_and_validates_in_either_campaign(
    team_ws: GitRepo, tmp_path: Path, asset: str
) -> None:
    data = guest_decision(team_ws, asset, TEAM_ID, "studio")
    result = import_(team_ws, tmp_path, data)
    assert result.exit_code == 0, result.output
    campaign = asset.split("/")[1]
    written = result.stdout.splitlines()[0]
    assert written.startswith(f"reviews/{campaign}/") and written.endswith("-studio.yml")
    assert (team_ws.path / written).read_text("utf-8") == render_decision(data)
    team_ws.commit("Decision of the studio (imported)", date="2027-02-01T10:05:00Z")
    checked = validate(team_ws, now=NOW)
    assert checked.exit_code == 0, checked.output


# (what changes in the decision, the line of the one error, a word of it)
TEAM_REFUSALS = {
    "another reviewer": ({"reviewer": "marie"}, "is not who share"),
    "view only": ({"share": OTHER_TEAM_ID, "reviewer": "stagiaire"}, "for viewing only"),
    "after expiry": ({}, "expired at 2027-03-01T23:59:59Z"),
    "client link in another campaign": (
        {"share": CLIENT_ID, "reviewer": "client-acme", "asset": POSTER},
        'is a link to campaign "soldes"',
    ),
}


@pytest.mark.parametrize("name", list(TEAM_REFUSALS))
def test_a_team_decision_is_checked_like_a_campaign_s(
    team_ws: GitRepo, tmp_path: Path, name: str
) -> None:
    changes, words = dict(TEAM_REFUSALS[name][0]), TEAM_REFUSALS[name][1]
    asset = str(changes.pop("asset", POSTER))
    link = str(changes.get("share", TEAM_ID))
    data = guest_decision(team_ws, asset, link, "studio", **changes)
    now = "2027-03-02T00:00:00Z" if name == "after expiry" else NOW
    before = sorted(p.as_posix() for p in (team_ws.path / "reviews").rglob("*"))
    result = import_(team_ws, tmp_path, data, now=now)
    no_traceback(result.output)
    assert result.exit_code == 1, result.output
    assert words in result.stderr, result.stderr
    assert sorted(p.as_posix() for p in (team_ws.path / "reviews").rglob("*")) == before


def test_a_forged_team_signature_is_refused(team_ws: GitRepo, tmp_path: Path) -> None:
    data = guest_decision(team_ws, POSTER, TEAM_ID, "studio")
    result = import_(team_ws, tmp_path, dict(data, summary="Refusé"))
    assert result.exit_code == 1
    assert f'the signature does not match this decision and share "{TEAM_ID}"' in result.stderr


def test_a_guest_approver_is_satisfied_through_a_team_link(team_ws: GitRepo) -> None:
    brief = team_ws.path / "content/campaigns/soldes/index.md"
    brief.write_text(
        brief.read_text("utf-8").replace("approvers: [alice, bob]", "approvers: [guest:studio]"),
        "utf-8",
    )
    team_ws.commit("The studio approves the brand stage", date="2027-01-21T12:00:00Z")
    assert _hero(team_ws)["stage"] == "brand"
    data = guest_decision(team_ws, HERO, TEAM_ID, "studio")
    team_ws.write("reviews/soldes/hero/20270201T0900Z-studio.yml", render_decision(data))
    team_ws.commit("Decision of the studio", date="2027-02-01T09:05:00Z")
    assert validate(team_ws, now=NOW).exit_code == 0
    assert _hero(team_ws)["stage"] == "legal"
    # the same approval unsigned, in the team link's recipient's name, counts for nothing
    unsigned = {k: v for k, v in data.items() if k not in ("share", "signature")}
    team_ws.write("reviews/soldes/hero/20270201T0930Z-studio.yml", render_decision(unsigned))
    team_ws.commit("An unsigned copy", date="2027-02-01T09:35:00Z")
    checked = validate(team_ws, now=NOW)
    assert checked.exit_code == 1
    assert 'unsigned decision in the name of guest "studio"' in checked.stdout


def _hero(ws: GitRepo) -> dict:
    result = invoke("-C", str(ws.path), "status", "--format", "json", "--now", NOW, env=ENV)
    (campaign,) = [c for c in json.loads(result.stdout)["campaigns"] if c["id"] == "soldes"]
    return {d["id"]: d for d in campaign["deliverables"]}["hero"]
