"""Review links for guests, first slice: the site secret, keys derived from it, shares
kept in ``reviews/<campaign>/shares.yml`` and the ``secret``, ``share`` and ``shares``
commands, on real git repositories."""

from __future__ import annotations

import base64
import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import invoke, no_traceback
from helpers.gitrepo import GitRepo, copy_repo
from helpers.workspaces import campaign_workspace, set_site_url

from proofroom.cli import main
from proofroom.core.problems import ProofroomError
from proofroom.core.secret import derive, link_key, share_key, site_secret

SECRET = base64.urlsafe_b64encode(bytes(range(32))).rstrip(b"=").decode()
OTHER_SECRET = base64.urlsafe_b64encode(bytes(range(1, 33))).rstrip(b"=").decode()
ENV = {"PROOFROOM_SECRET": SECRET}
NOW = "2027-02-01T10:00:00Z"
SHARES = "reviews/soldes/shares.yml"
LINK = re.compile(r"^https://reviews\.example\.com/s/([a-z0-9]{12})/#([A-Za-z0-9_-]{43})$")
NOT_NOW = "2027-01-21T10:00:00Z"  # validate's moment: the demo workspace is clean then

HAND_WRITTEN = """\
# Links given to the agency and the client: one entry per link.
shares:
  # the client's legal team
  - id: k3v9q2m7x4t8
    to: client-acme
    assets: [hero.jpg]
    expires: 2027-03-01   # the end of the sale
    can: decide
    created_by: marie
    created_at: 2027-02-01T10:00:00Z

# Links that no longer open.
revoked:
  - id: k3v9q2m7x4t8
    by: marie
    at: 2027-02-05T09:00:00Z
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = campaign_workspace(GitRepo(tmp_path_factory.mktemp("template") / "repo"))
    set_site_url(repo, "https://reviews.example.com/")
    repo.commit("Serve the site at its address", date="2027-01-21T09:00:00+01:00")
    return repo.path


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> GitRepo:
    return copy_repo(template, tmp_path / "ws")


def share(repo: GitRepo, *args: str, env: dict | None = None, input: str | None = None):
    return CliRunner().invoke(
        main,
        ["-C", str(repo.path), "share", *args],
        env=ENV if env is None else env,
        input=input,
        catch_exceptions=False,
    )


def shares_json(repo: GitRepo, now: str) -> dict[str, dict]:
    result = invoke("-C", str(repo.path), "shares", "--format", "json", "--now", now)
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)["shares"]}


# ---------------------------------------------------------------- keys


def test_keys_are_stable_and_separate() -> None:
    secret = site_secret(ENV)
    assert share_key(secret, "k3v9q2m7x4t8") == share_key(secret, "k3v9q2m7x4t8")
    assert len(share_key(secret, "k3v9q2m7x4t8")) == 32
    assert share_key(secret, "k3v9q2m7x4t8") != share_key(secret, "k3v9q2m7x4t9")
    other = site_secret({"PROOFROOM_SECRET": OTHER_SECRET})
    assert share_key(secret, "k3v9q2m7x4t8") != share_key(other, "k3v9q2m7x4t8")
    assert derive(secret, "share", "ab", "c") != derive(secret, "share", "a", "bc")
    assert derive(secret, "share", "x") != derive(secret, "page", "x")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", link_key(share_key(secret, "k3v9q2m7x4t8")))


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "qz", "c2hvcnQ", "a" * 20],
    ids=["absent", "empty", "blank", "short-text", "short-base64", "20-chars"],
)
def test_a_missing_or_short_secret_stops_without_showing_it(value: str | None) -> None:
    environ = {} if value is None else {"PROOFROOM_SECRET": value}
    with pytest.raises(ProofroomError) as caught:
        site_secret(environ)
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert "proofroom secret" in message and "GitHub Actions secret" in message
    assert "\n" not in message
    if value and value.strip():
        assert value.strip() not in message


def test_a_long_text_secret_is_taken_as_its_utf8_bytes() -> None:
    assert site_secret({"PROOFROOM_SECRET": "é" * 16}) == ("é" * 16).encode()
    assert site_secret(ENV) == bytes(range(32))


def test_secret_prints_a_new_secret_last_and_writes_nothing(ws: GitRepo) -> None:
    before = ws.git("status", "--porcelain", "--ignored")
    first = invoke("-C", str(ws.path), "secret")
    second = invoke("-C", str(ws.path), "secret")
    assert first.exit_code == 0
    lines = first.stdout.splitlines()
    assert len(lines) == 2 and "PROOFROOM_SECRET" in lines[0]
    assert len(site_secret({"PROOFROOM_SECRET": lines[-1]})) == 32
    assert lines[-1] != second.stdout.splitlines()[-1]
    assert ws.git("status", "--porcelain", "--ignored") == before


# ---------------------------------------------------------------- share


def test_share_prints_a_link_that_the_secret_gives_again(ws: GitRepo) -> None:
    result = share(
        ws,
        "soldes",
        "--to",
        "client-acme",
        "--asset",
        "hero.jpg",
        "--can",
        "decide",
        "--expires",
        "2027-03-01",
        "--by",
        "marie",
        "--now",
        NOW,
    )
    assert result.exit_code == 0, result.output
    match = LINK.match(result.stdout.splitlines()[-1])
    assert match, result.stdout
    share_id, key = match.groups()
    assert key == link_key(share_key(site_secret(ENV), share_id))
    text = (ws.path / SHARES).read_text("utf-8")
    assert f"- id: {share_id}" in text and "can: decide" in text
    assert "created_at: 2027-02-01T10:00:00Z" in text and "created_by: marie" in text
    assert key not in text
    assert invoke("-C", str(ws.path), "validate", "--now", NOT_NOW).exit_code == 0


def test_the_secret_and_keys_appear_in_no_output_or_file(ws: GitRepo) -> None:
    outputs = []
    for args in (["soldes", "--to", "agency"], ["soldes", "--to", "client", "--passphrase"]):
        result = share(ws, *args, "--by", "marie", "--now", NOW, input="long words\n" * 2)
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout + result.stderr)
    listed = invoke("-C", str(ws.path), "shares", "--now", NOW, env=ENV)
    revoked = share(ws, "--revoke", next(iter(shares_json(ws, NOW))), "--by", "marie")
    bad = share(ws, "soldes", "--to", "x", "--can", "nope")
    outputs += [r.stdout + r.stderr for r in (listed, revoked, bad)]
    keys = [LINK.match(o.splitlines()[1]).group(2) for o in outputs[:2]]  # type: ignore[union-attr]
    for text in outputs[2:]:
        assert SECRET not in text and not any(k in text for k in keys)
    assert SECRET not in outputs[0] and SECRET not in outputs[1]
    for path in ws.path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data and b"long words" not in data, path
            assert not any(k.encode() in data for k in keys), path


def test_without_site_url_the_link_is_relative_with_a_note(ws: GitRepo) -> None:
    config = ws.path / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").split("\n", 1)[1], "utf-8")
    result = share(ws, "soldes", "--to", "agency", "--by", "marie", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"s/[a-z0-9]{12}/#[A-Za-z0-9_-]{43}", result.stdout.splitlines()[-1])
    assert "site_url" in result.stderr


def test_by_defaults_to_git_user_name(ws: GitRepo) -> None:
    result = share(ws, "soldes", "--to", "agency", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "created_by: Alice" in (ws.path / SHARES).read_text("utf-8")


def test_by_falls_back_to_user_when_the_git_name_is_a_full_name(
    ws: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    subprocess.run(["git", "config", "user.name", "Marie Curie"], cwd=ws.path, check=True)
    monkeypatch.setenv("USER", "mcurie")
    result = share(ws, "soldes", "--to", "agency", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "created_by: mcurie" in (ws.path / SHARES).read_text("utf-8")


# ---------------------------------------------------------------- state


@pytest.mark.parametrize(
    ("now", "state"),
    [
        ("2027-02-05T08:59:59Z", "active"),
        ("2027-02-05T09:00:00Z", "revoked"),
    ],
)
def test_state_on_both_sides_of_a_revocation(ws: GitRepo, now: str, state: str) -> None:
    ws.write(SHARES, HAND_WRITTEN)
    assert shares_json(ws, now)["k3v9q2m7x4t8"]["state"] == state


@pytest.mark.parametrize(
    ("now", "state"),
    [
        ("2027-03-01T22:59:59Z", "active"),  # 23:59:59 in Paris (UTC+1)
        ("2027-03-01T23:00:00Z", "expired"),
    ],
)
def test_state_on_both_sides_of_an_expiry(ws: GitRepo, now: str, state: str) -> None:
    ws.write(SHARES, HAND_WRITTEN.split("\n# Links that no longer open.")[0] + "\n")
    assert shares_json(ws, now)["k3v9q2m7x4t8"]["state"] == state
    table = invoke("-C", str(ws.path), "shares", "soldes", "--now", now)
    assert table.exit_code == 0 and f"k3v9q2m7x4t8  {state}" in table.stdout


def test_an_expiry_with_a_time_and_offset(ws: GitRepo) -> None:
    result = share(
        ws,
        "soldes",
        "--to",
        "agency",
        "--expires",
        "2027-02-10T18:00:00+01:00",
        "--by",
        "marie",
        "--now",
        NOW,
    )
    assert result.exit_code == 0, result.output
    (row,) = shares_json(ws, "2027-02-10T17:00:01Z").values()
    assert row["state"] == "expired" and row["expires"] == "2027-02-10T18:00:00+01:00"
    assert shares_json(ws, "2027-02-10T17:00:00Z")[row["id"]]["state"] == "active"


def test_revoke_appends_and_twice_is_an_error(ws: GitRepo) -> None:
    result = share(ws, "soldes", "--to", "agency", "--by", "marie", "--now", NOW)
    share_id = LINK.match(result.stdout.splitlines()[-1]).group(1)  # type: ignore[union-attr]
    revoked = share(ws, "--revoke", share_id, "--by", "marie", "--now", "2027-02-03T00:00:00Z")
    assert revoked.exit_code == 0, revoked.output
    assert shares_json(ws, "2027-02-03T00:00:00Z")[share_id]["state"] == "revoked"
    before = (ws.path / SHARES).read_bytes()
    again = share(ws, "--revoke", share_id, "--by", "marie")
    assert again.exit_code == 2
    assert re.fullmatch(rf"{SHARES}:\d+: error: .*already revoked.*\n", again.stderr)
    assert (ws.path / SHARES).read_bytes() == before


# ---------------------------------------------------------------- append-only


def test_share_and_revoke_keep_every_existing_line(ws: GitRepo) -> None:
    ws.write(SHARES, HAND_WRITTEN)
    result = share(ws, "soldes", "--to", "agency", "--by", "marie", "--now", NOW)
    assert result.exit_code == 0, result.output
    share_id = LINK.match(result.stdout.splitlines()[-1]).group(1)  # type: ignore[union-attr]
    after = (ws.path / SHARES).read_text("utf-8")
    old, new = HAND_WRITTEN.splitlines(keepends=True), after.splitlines(keepends=True)
    at = next(i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b)
    count = len(new) - len(old)
    assert new[:at] + new[at + count :] == old  # every old line, in order, unchanged
    assert new[at] == f"  - id: {share_id}\n"
    # the new share ends the shares list, before the revocations and their comment
    assert new[at + count :] == old[old.index("\n", 4) :]
    revoked = share(ws, "--revoke", share_id, "--by", "marie", "--now", NOW)
    assert revoked.exit_code == 0, revoked.output
    final = (ws.path / SHARES).read_text("utf-8")
    assert final.startswith(after)
    assert final.endswith(f"  - id: {share_id}\n    by: marie\n    at: 2027-02-01T10:00:00Z\n")
    states = shares_json(ws, NOW)
    assert states[share_id]["state"] == "revoked" and states["k3v9q2m7x4t8"]["state"] == "active"


def test_a_file_of_comments_only_gets_its_list_added(ws: GitRepo) -> None:
    ws.write(SHARES, "# review links\r\n")
    result = share(ws, "soldes", "--to", "agency", "--by", "marie", "--now", NOW)
    assert result.exit_code == 0, result.output
    data = (ws.path / SHARES).read_bytes()
    assert data.startswith(b"# review links\r\nshares:\r\n  - id: ")


# ---------------------------------------------------------------- bad input

VALID_SHARE = """\
shares:
  - id: k3v9q2m7x4t8
    to: client-acme
    can: view
    created_by: marie
    created_at: 2027-02-01T10:00:00Z
"""


def _with(old: str, new: str) -> str:
    assert old in VALID_SHARE
    return VALID_SHARE.replace(old, new)


SECOND = (
    "  - id: a1b2c3d4e5f6\n    to: agency\n    created_by: marie\n"
    "    created_at: 2027-02-01T10:00:00Z\n"
)
REVOKED = "revoked:\n  - id: k3v9q2m7x4t8\n    by: marie\n    at: 2027-02-05T09:00:00Z\n"

# (shares.yml as written, line of the one error, a word the message says)
BAD_FILES = {
    "unknown-key": (_with("    can: view", "    expire: 2027-03-01"), 4, 'did you mean "expires"'),
    "unknown-top-key": (VALID_SHARE.replace("shares:", "share:"), 1, 'did you mean "shares"'),
    "impossible-date": (_with("    can: view", "    expires: 2027-02-30"), 4, "not a valid date"),
    "word-for-date": (_with("    can: view", "    expires: soon"), 4, "expires must be a date"),
    "no-offset": (_with("    can: view", "    expires: 2027-03-01T18:00"), 4, "with offset"),
    "created-at-date": (_with("T10:00:00Z", ""), 6, "created_at must be a date and time"),
    "bad-can": (_with("can: view", "can: approve"), 4, "view, comment, decide"),
    "can-empty": (_with("can: view", "can:"), 4, "empty"),
    "duplicate-id": (
        VALID_SHARE + SECOND.replace("a1b2c3d4e5f6", "k3v9q2m7x4t8"),
        7,
        "already used at line 2",
    ),
    "id-upper-case": (_with("k3v9q2m7x4t8", "K3V9Q2M7X4T8"), 2, "lower-case"),
    "id-short": (_with("k3v9q2m7x4t8", "k3v9"), 2, "8 to 32"),
    "empty-to": (_with("to: client-acme", 'to: ""'), 3, "empty"),
    "to-with-space": (_with("to: client-acme", "to: client acme"), 3, "without spaces"),
    "no-created-by": (_with("    created_by: marie\n", ""), 2, 'no "created_by"'),
    "missing-asset": (
        _with("    can: view", "    assets: [nothere.jpg]"),
        4,
        "is not in assets/soldes/",
    ),
    "asset-outside": (_with("    can: view", "    assets: [../other/hero.jpg]"), 4, '".."'),
    "asset-absolute": (_with("    can: view", "    assets: [/etc/passwd]"), 4, "absolute path"),
    "assets-empty-list": (_with("    can: view", "    assets: []"), 4, "assets is empty"),
    "passphrase-text": (_with("    can: view", "    passphrase: please"), 4, "true or false"),
    "passphrase-without-key": (
        _with("    can: view", "    passphrase: true"),
        4,
        "has no passphrase_key",
    ),
    "passphrase-key-not-base64": (
        _with("    can: view", "    passphrase: true\n    passphrase_key: not base64!"),
        5,
        "passphrase_key",
    ),
    "shares-mapping": ("shares:\n  id: k3v9q2m7x4t8\n", 1, "must be a list"),
    "item-text": ("shares:\n  - k3v9q2m7x4t8\n", 2, "must be a mapping"),
    "top-level-list": ("- id: k3v9q2m7x4t8\n", 1, "starts with 'shares:'"),
    "revoke-unknown": (
        VALID_SHARE + REVOKED.replace("k3v9q2m7x4t8", "zzzzzzzz1111"),
        8,
        'no share "zzzzzzzz1111"',
    ),
    "revoked-twice": (VALID_SHARE + REVOKED + REVOKED.split("\n", 1)[1], 11, "already revoked"),
    "revocation-without-at": (
        VALID_SHARE + REVOKED.replace("    at: 2027-02-05T09:00:00Z\n", ""),
        8,
        'no "at"',
    ),
    "revocation-bad-at": (
        VALID_SHARE + REVOKED.replace("T09:00:00Z", ""),
        10,
        "must be a date and time",
    ),
    "tab-indent": (VALID_SHARE.replace("    to:", "\tto:"), 3, "tab"),
    "duplicate-key": (_with("    can: view", "    can: view\n    can: decide"), 5, "duplicate key"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_shares_file_is_one_line_in_validate_and_share(ws: GitRepo, name: str) -> None:
    text, line, words = BAD_FILES[name]
    ws.write(SHARES, text)
    before = (ws.path / SHARES).read_bytes()
    checked = invoke("-C", str(ws.path), "validate", "--now", NOT_NOW)
    ours = [ln for ln in checked.stdout.splitlines() if "shares.yml" in ln]
    assert checked.exit_code == 1, checked.output
    assert len(ours) == 1, checked.stdout
    assert ours[0].startswith(f"{SHARES}:{line}: error: "), ours
    assert words in ours[0]
    refused = share(ws, "soldes", "--to", "agency", "--by", "marie", "--now", NOW)
    no_traceback(refused.stdout, refused.stderr)
    assert refused.exit_code == 2, refused.output
    assert refused.stdout == ""
    assert re.fullmatch(rf"{re.escape(SHARES)}:{line}: error: [^\n]+\n", refused.stderr)
    assert (ws.path / SHARES).read_bytes() == before


GOOD = ["soldes", "--to", "agency", "--by", "marie", "--now", NOW]

# (arguments of `proofroom share`, environment, a word of the one line)
BAD_OPTIONS = {
    "bad-can": (["soldes", "--to", "x", "--can", "approve"], ENV, "--can"),
    "past-date": (
        ["soldes", "--to", "x", "--expires", "2027-01-31", "--now", NOW],
        ENV,
        "in the past",
    ),
    "past-time": (
        ["soldes", "--to", "x", "--expires", "2027-02-01T10:59:59+01:00", "--now", NOW],
        ENV,
        "in the past",
    ),
    "word-date": (["soldes", "--to", "x", "--expires", "tomorrow"], ENV, "--expires"),
    "no-offset": (["soldes", "--to", "x", "--expires", "2027-03-01T18:00"], ENV, "offset"),
    "asset-up": (["soldes", "--to", "x", "--asset", "../other.jpg"], ENV, '".."'),
    "asset-absolute": (["soldes", "--to", "x", "--asset", "/etc/passwd"], ENV, "absolute"),
    "asset-missing": (
        ["soldes", "--to", "x", "--asset", "nothere.jpg"],
        ENV,
        "not in assets/soldes/",
    ),
    "asset-prefixed": (
        ["soldes", "--to", "x", "--asset", "assets/soldes/hero.jpg"],
        ENV,
        "relative to",
    ),
    "unknown-campaign": (["hiver", "--to", "x"], ENV, "no campaign"),
    "no-campaign": (["--to", "x"], ENV, "name the campaign"),
    "no-to": (["soldes"], ENV, "--to"),
    "to-with-space": (["soldes", "--to", "client acme"], ENV, "not a login"),
    "by-with-space": (["soldes", "--to", "x", "--by", "Marie Curie"], ENV, "not a login"),
    "no-secret": (GOOD, {"PROOFROOM_SECRET": None}, "PROOFROOM_SECRET is not set"),
    "short-secret": (GOOD, {"PROOFROOM_SECRET": "tooshort"}, "too short"),
    "bad-now": (["soldes", "--to", "x", "--now", "yesterday"], ENV, "--now"),
    "revoke-unknown": (["--revoke", "zzzzzzzz1111", "--by", "marie"], ENV, "no share"),
    "revoke-with-campaign": (["soldes", "--revoke", "k3v9q2m7x4t8"], ENV, "--revoke takes only"),
}


@pytest.mark.parametrize("name", list(BAD_OPTIONS))
def test_a_bad_option_is_one_plain_line_and_nothing_written(ws: GitRepo, name: str) -> None:
    args, env, words = BAD_OPTIONS[name]
    ws.write(SHARES, HAND_WRITTEN)
    before = (ws.path / SHARES).read_bytes()
    result = share(ws, *args, env=env)
    no_traceback(result.stdout, result.stderr)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert words in lines[0]
    if env.get("PROOFROOM_SECRET"):
        assert env["PROOFROOM_SECRET"] not in result.stderr
    assert (ws.path / SHARES).read_bytes() == before


def test_no_file_is_created_when_share_refuses(ws: GitRepo) -> None:
    result = share(ws, "soldes", "--to", "x", "--asset", "nothere.jpg")
    assert result.exit_code == 2
    assert not (ws.path / SHARES).exists()


def test_ids_are_unique_across_campaigns(ws: GitRepo) -> None:
    ws.write("content/campaigns/ete/index.md", "---\ntitle: Été\n---\nBrief.\n")
    ws.write(SHARES, VALID_SHARE)
    ws.write("reviews/ete/shares.yml", VALID_SHARE)
    ws.write("reviews/hiver/shares.yml", VALID_SHARE)
    checked = invoke("-C", str(ws.path), "validate", "--now", NOT_NOW)
    ours = sorted(ln for ln in checked.stdout.splitlines() if "shares.yml" in ln)
    assert checked.exit_code == 1
    assert len(ours) == 2, checked.stdout
    assert ours[0].startswith("reviews/hiver/shares.yml: error: no campaign")
    assert ours[1].startswith(f"{SHARES}:2: error: ") and "reviews/ete/shares.yml:2" in ours[1]


def test_a_share_added_in_a_pull_request_is_not_an_edited_decision(ws: GitRepo) -> None:
    ws.write(SHARES, HAND_WRITTEN)
    ws.commit("Share the hero with the client", date="2027-02-01T11:00:00+01:00")
    ws.branch("share/agency")
    ws.checkout("share/agency")
    result = share(ws, "soldes", "--to", "agency", "--by", "marie", "--now", NOW)
    assert result.exit_code == 0, result.output
    ws.commit("Share the campaign with the agency", date="2027-02-01T12:00:00+01:00")
    checked = invoke("-C", str(ws.path), "validate", "--base", "main", "--now", NOT_NOW)
    assert checked.exit_code == 0, checked.output
    assert "shares.yml" not in checked.stdout


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        # lifting a revocation opens a closed link again
        (lambda text: text.split("\n# Links that no longer open.")[0] + "\n", "revocation"),
        # widening a share: the whole campaign instead of one file, for longer
        (lambda text: text.replace("    assets: [hero.jpg]\n", ""), "was changed"),
        (lambda text: text.replace("2027-03-01", "2028-03-01"), "was changed"),
        (lambda text: text.replace("client-acme", "someone-else"), "was changed"),
        # removing the share altogether (its revocation with it)
        (lambda text: "shares: []\n", "was removed"),
    ],
)
def test_a_pull_request_cannot_edit_or_remove_shares_and_revocations(
    ws: GitRepo, edit, said: str
) -> None:
    ws.write(SHARES, HAND_WRITTEN)
    ws.commit("Share the hero with the client", date="2027-02-01T11:00:00+01:00")
    ws.branch("widen")
    ws.checkout("widen")
    ws.write(SHARES, edit(HAND_WRITTEN))
    ws.commit("Edit the shares", date="2027-02-01T12:00:00+01:00")
    checked = invoke("-C", str(ws.path), "validate", "--base", "main", "--now", NOT_NOW)
    assert checked.exit_code == 1, checked.output
    assert f"{SHARES}:" in checked.output and said in checked.output


def test_a_pull_request_cannot_delete_the_shares_file(ws: GitRepo) -> None:
    ws.write(SHARES, HAND_WRITTEN)
    ws.commit("Share the hero with the client", date="2027-02-01T11:00:00+01:00")
    ws.branch("drop")
    ws.checkout("drop")
    (ws.path / SHARES).unlink()
    ws.commit("Drop the shares", date="2027-02-01T12:00:00+01:00")
    checked = invoke("-C", str(ws.path), "validate", "--base", "main", "--now", NOT_NOW)
    assert checked.exit_code == 1, checked.output
    assert "the revocation of k3v9q2m7x4t8 was removed" in checked.output
