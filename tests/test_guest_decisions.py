"""Guests' signed decisions: the canonical form, the signature, and the checks that
``proofroom import`` and ``validate`` make of a decision sent through a review link, on
real git repositories with the real command line."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from helpers.cli import invoke, no_traceback, status_json
from helpers.gitrepo import GitRepo, blob, copy_repo
from helpers.workspaces import campaign_workspace, summer_campaign

from proofroom.core.inputs.decision_files import render_decision
from proofroom.core.inputs.guest_signatures import canonical, js_number, sign, verify
from proofroom.core.secret import decision_key, share_key, site_secret

SECRET = base64.urlsafe_b64encode(bytes(range(32))).rstrip(b"=").decode()
OTHER_SECRET = base64.urlsafe_b64encode(bytes(range(1, 33))).rstrip(b"=").decode()
ENV = {"PROOFROOM_SECRET": SECRET}
NO_SECRET = {"PROOFROOM_SECRET": ""}
NOW = "2027-02-01T10:00:00Z"
HERO = "assets/soldes/hero.jpg"
BANNER = "assets/soldes/banner.png"
DECIDE, COMMENT, VIEW = "k3v9q2m7x4t8", "c0mment0nly", "v1ew0nly00"
EXPIRED, REVOKED, SUMMER = "exp1red000", "rev0ked000", "ete0share01"
HOW_SECRET = (
    "run `proofroom secret`, then `export PROOFROOM_SECRET=<the secret>` "
    "(or add it as a GitHub Actions secret)"
)

SHARES = f"""\
shares:
  - id: {DECIDE}
    to: client-acme
    assets: [hero.jpg]
    expires: 2027-03-01
    can: decide
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
  - id: {COMMENT}
    to: agency
    can: comment
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
  - id: {VIEW}
    to: viewer
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
  - id: {EXPIRED}
    to: late-client
    expires: 2027-01-25
    can: decide
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
  - id: {REVOKED}
    to: gone-client
    can: decide
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
revoked:
  - id: {REVOKED}
    by: marie
    at: 2027-01-28T09:00:00Z
"""

SUMMER_SHARES = f"""\
shares:
  - id: {SUMMER}
    to: client-acme
    can: decide
    created_by: marie
    created_at: 2027-01-21T10:00:00Z
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = campaign_workspace(GitRepo(tmp_path_factory.mktemp("template") / "repo"))
    repo.write("reviews/soldes/shares.yml", SHARES)
    summer_campaign(repo)
    repo.write("reviews/ete/shares.yml", SUMMER_SHARES)
    repo.commit("Review links for the client and the agency", date="2027-01-21T11:00:00Z")
    return repo.path


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> GitRepo:
    return copy_repo(template, tmp_path / "ws")


def guest_decision(repo: GitRepo, link: str, to: str, **changes: object) -> dict:
    """What a guest's page makes: the decision, ``share`` and its signature (unless
    ``changes`` replace or remove them after signing: ``None`` removes a key)."""
    data: dict = {
        "asset": HERO,
        "version": 3,
        "sha": blob(repo, HERO)[:12],
        "reviewer": to,
        "decision": "approved",
        "summary": 'Bon pour nous, "merci" é 🎨',
        "comments": [{"text": "Logo plus grand", "pin": [0.25, 0.5]}],
        "share": link,
    }
    data["signature"] = sign(decision_key(site_secret(ENV), link), data)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def write_source(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "received.yml"
    path.write_text(data if isinstance(data, str) else render_decision(data), "utf-8")
    return path


def import_(repo: GitRepo, source: Path, env: dict | None = None):
    return invoke("-C", str(repo.path), "import", str(source), "--now", NOW, env=env or ENV)


def validate(repo: GitRepo, env: dict | None = None, now: str = NOW):
    return invoke("-C", str(repo.path), "validate", "--now", now, env=env or ENV)


# ---------------------------------------------------------------- canonical form


def test_canonical_form_follows_the_architecture_page() -> None:
    data = {
        "signature": "left out",
        "summary": "",
        "comments": [{"text": 'a\u2028b\x01"\\', "pin": [1.0, 0], "box": None}],
        "version": 3,
        "asset": "assets/c/é.jpg",
        "stage": None,
        "extra": {"z": [], "y": {}, "x": False},
    }
    assert (
        canonical(data)
        == (
            '{"asset":"assets/c/é.jpg","comments":[{"pin":[1,0],"text":"a\u2028b\\u0001\\"\\\\"}],'
            '"extra":{"x":false},"version":3}'
        ).encode()
    )


@pytest.mark.parametrize(
    ("number", "printed"),
    [
        (1, "1"),
        (1.0, "1"),
        (-0.0, "0"),
        (0.1, "0.1"),
        (0.30000000000000004, "0.30000000000000004"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (0.000001, "0.000001"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (123456789012345678901234, "1.2345678901234569e+23"),
        (2**53, "9007199254740992"),
        (2**53 + 1, "9007199254740992"),
        (5e-324, "5e-324"),
        (-123.456, "-123.456"),
    ],
)
def test_numbers_print_as_javascript_prints_them(number: float, printed: str) -> None:
    assert js_number(number) == printed


def test_sign_and_verify() -> None:
    key = decision_key(site_secret(ENV), DECIDE)
    assert key != share_key(site_secret(ENV), DECIDE)
    data = {"asset": HERO, "reviewer": "client-acme", "share": DECIDE}
    signature = sign(key, data)
    assert len(signature) == 43 and "=" not in signature
    assert verify(key, {**data, "signature": signature})
    assert verify(key, {**data, "summary": ""}, signature)  # empty values are left out
    assert not verify(key, {**data, "summary": "x"}, signature)
    assert not verify(decision_key(site_secret(ENV), COMMENT), data, signature)
    assert not verify(key, data, signature[:42])


# ---------------------------------------------------------------- import, then validate


def test_a_guest_decision_is_filed_verbatim_and_validates(ws: GitRepo, tmp_path: Path) -> None:
    data = guest_decision(ws, DECIDE, "client-acme")
    result = import_(ws, write_source(tmp_path, data))
    assert result.exit_code == 0, result.output
    written = result.stdout.splitlines()[0]
    assert written == "reviews/soldes/hero/20270201T1000Z-client-acme.yml"
    text = (ws.path / written).read_text("utf-8")
    assert text.endswith(f"share: {DECIDE}\nsignature: {data['signature']}\n")
    assert text == render_decision(data)
    ws.commit("Decision of client-acme (imported)", date="2027-02-01T10:05:00Z")
    checked = validate(ws)
    assert checked.exit_code == 0, checked.output
    no_traceback(checked.output)


def test_a_comment_through_a_comment_link_is_accepted(ws: GitRepo, tmp_path: Path) -> None:
    data = guest_decision(ws, COMMENT, "agency", decision="comment")
    data["signature"] = sign(decision_key(site_secret(ENV), COMMENT), data)
    result = import_(ws, write_source(tmp_path, data))
    assert result.exit_code == 0, result.output


def _sig(share: str, data: dict) -> str:
    return sign(decision_key(site_secret(ENV), share), data)


def _bad_cases(ws: GitRepo) -> dict[str, tuple[dict | str, int, str, dict | None]]:
    """name -> (what is sent, line, message, environment): each refused by import."""
    good = guest_decision(ws, DECIDE, "client-acme")
    sig = good["signature"]
    mismatch = (
        f'the signature does not match this decision and share "{DECIDE}": the file was '
        "changed after the guest's page signed it, or the site secret is not the one of the "
        "link; ask the guest to send the file their page made, unchanged"
    )
    banner = dict(good, asset=BANNER, sha=blob(ws, BANNER)[:12], version=None)
    banner["signature"] = _sig(DECIDE, banner)
    cases: dict[str, tuple[dict | str, int, str, dict | None]] = {
        "tampered summary": (dict(good, summary="Refusé"), 11, mismatch, None),
        "tampered pin": (
            dict(good, comments=[{"text": "Logo plus grand", "pin": [0.25, 0.51]}]),
            11,
            mismatch,
            None,
        ),
        "tampered sha": (
            dict(good, sha=blob(ws, HERO, "HEAD~2")[:12], version=2),
            11,
            mismatch,
            None,
        ),
        "added stage": (dict(good, stage="brand"), 12, mismatch, None),
        "signed by another share": (dict(good, signature=_sig(COMMENT, good)), 11, mismatch, None),
        "wrong secret": (good, 11, mismatch, {"PROOFROOM_SECRET": OTHER_SECRET}),
        "stray bits": (
            dict(good, signature=sig[:42] + ("B" if sig[42] == "A" else "A")),
            11,
            mismatch,
            None,
        ),
        "truncated signature": (
            dict(good, signature=sig[:42]),
            11,
            "signature must be 43 characters of base64url (A-Z, a-z, 0-9, - and _) as the "
            f'guest\'s review page writes it; got "{sig[:42]}": send the file the page '
            "made, unchanged",
            None,
        ),
        "non-base64 signature": (
            dict(good, signature="+" * 43),
            11,
            "signature must be 43 characters of base64url (A-Z, a-z, 0-9, - and _) as the "
            f'guest\'s review page writes it; got "{"+" * 43}": send the file the page '
            "made, unchanged",
            None,
        ),
        "missing signature": (
            dict(good, signature=None),
            10,
            f'this decision names share "{DECIDE}" but has no signature; a guest\'s decision '
            "is signed by their review page: send the file the page made, unchanged (or "
            "remove share: from a decision of your own)",
            None,
        ),
        "signature without share": (
            dict(good, share=None),
            10,
            "this decision has a signature but no share; keep the share: line the guest's "
            "review page wrote (or remove signature: from a decision of your own)",
            None,
        ),
        "malformed share id": (
            dict(good, share="K3V9"),
            10,
            "share must be the id of a review link, 8 to 32 lower-case letters and digits, "
            'e.g. "k3v9q2m7x4t8"; got "K3V9"',
            None,
        ),
        "unknown share": (
            dict(good, share="zzzz9999"),
            10,
            'no share "zzzz9999" in reviews/soldes/shares.yml; check the id (`proofroom '
            "shares` lists them) and that the share is committed",
            None,
        ),
        "share of another campaign": (
            dict(good, share=SUMMER),
            10,
            f'share "{SUMMER}" is a link to campaign "ete", not "soldes"; a guest decides '
            "only on the campaign of their link",
            None,
        ),
        "asset out of scope": (
            banner,
            1,
            f'asset "{BANNER}" is not in what share "{DECIDE}" opens (hero.jpg); a guest '
            "decides only on the assets of their link",
            None,
        ),
        "expired share": (
            guest_decision(ws, EXPIRED, "late-client"),
            10,
            f'share "{EXPIRED}" expired at 2027-01-25T22:59:59Z, before this decision '
            "(2027-02-01T10:00:00Z); it no longer counts: give the guest a new link "
            "(`proofroom share`) to decide again",
            None,
        ),
        "revoked share": (
            guest_decision(ws, REVOKED, "gone-client"),
            10,
            f'share "{REVOKED}" was revoked at 2027-01-28T09:00:00Z, before this decision '
            "(2027-02-01T10:00:00Z); it no longer counts: give the guest a new link "
            "(`proofroom share`) to decide again",
            None,
        ),
        "can view": (
            guest_decision(ws, VIEW, "viewer", decision="comment"),
            10,
            f'share "{VIEW}" is for viewing only (can: view): it gives no right to comment '
            "or decide; give the guest a link with can: comment or can: decide",
            None,
        ),
        "can comment, approved": (
            guest_decision(ws, COMMENT, "agency"),
            5,
            f'share "{COMMENT}" allows comments only (can: comment), not "approved"; the '
            "guest may send it as a comment, or get a link with can: decide",
            None,
        ),
        "reviewer not the share's": (
            dict(good, reviewer="bob"),
            4,
            f'reviewer "bob" is not who share "{DECIDE}" is for ("client-acme"); a guest '
            "decides in the name of their link's recipient: send the file their page made, "
            "unchanged",
            None,
        ),
        "guest:NAME unsigned": (
            dict(good, reviewer="guest:client-acme", share=None, signature=None),
            4,
            'unsigned decision in the name of guest "client-acme"; a guest decides through '
            "their review link, whose page signs the decision: send them a link (`proofroom "
            "share`), or write your own login in reviewer:",
            None,
        ),
        "recipient unsigned": (
            dict(good, share=None, signature=None),
            4,
            'unsigned decision in the name of guest "client-acme"; a guest decides through '
            "their review link, whose page signs the decision: send them a link (`proofroom "
            "share`), or write your own login in reviewer:",
            None,
        ),
        "signature not text": (
            render_decision(dict(good, signature=None, share=None))
            + f"share: {DECIDE}\nsignature: 12345\n",
            11,
            "signature must be text, for example 'signature: <the 43 characters the guest's "
            "review page wrote>'; got the number 12345; put it in quotes",
            None,
        ),
    }
    return cases


CASES = [
    "tampered summary", "tampered pin", "tampered sha", "added stage",
    "signed by another share", "wrong secret", "stray bits", "truncated signature",
    "non-base64 signature", "missing signature", "signature without share",
    "malformed share id", "unknown share", "share of another campaign", "asset out of scope",
    "expired share", "revoked share", "can view", "can comment, approved",
    "reviewer not the share's", "guest:NAME unsigned", "recipient unsigned",
    "signature not text",
]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_import_refuses_a_bad_guest_decision(ws: GitRepo, tmp_path: Path, case: str) -> None:
    sent, line, message, env = _bad_cases(ws)[case]
    source = write_source(tmp_path, sent)
    before = ws.git("status", "--porcelain", "--untracked-files=all")
    result = import_(ws, source, env)
    no_traceback(result.stdout, result.stderr)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"{source}:{line}: error: {message}\n"
    assert ws.git("status", "--porcelain", "--untracked-files=all") == before


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", f"PROOFROOM_SECRET is not set; {HOW_SECRET}"),
        ("short", f"PROOFROOM_SECRET is too short (5 bytes, at least 32 needed); {HOW_SECRET}"),
    ],
    ids=["missing", "too short"],
)
def test_import_without_the_secret_stops_with_exit_2(
    ws: GitRepo, tmp_path: Path, value: str, why: str
) -> None:
    source = write_source(tmp_path, guest_decision(ws, DECIDE, "client-acme"))
    before = ws.git("status", "--porcelain", "--untracked-files=all")
    result = import_(ws, source, {"PROOFROOM_SECRET": value})
    no_traceback(result.stdout, result.stderr)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{source}:11: error: cannot check the signature of this guest decision: {why}\n"
    )
    assert ws.git("status", "--porcelain", "--untracked-files=all") == before


# ---------------------------------------------------------------- validate


def _commit_decision(ws: GitRepo, data: dict, name: str = "20270201T1000Z-client-acme.yml"):
    rel = f"reviews/soldes/hero/{name}"
    ws.write(rel, render_decision(data))
    ws.commit("A decision", date="2027-02-01T10:05:00Z")
    return rel


def test_validate_checks_the_signature_of_a_committed_decision(ws: GitRepo) -> None:
    data = guest_decision(ws, DECIDE, "client-acme")
    rel = _commit_decision(ws, dict(data, summary="Refusé"))
    result = validate(ws)
    no_traceback(result.output)
    assert result.exit_code == 1
    assert (
        f'{rel}:11: error: the signature does not match this decision and share "{DECIDE}"'
        in result.stdout
    )


def test_validate_without_the_secret_stops_with_exit_2(ws: GitRepo) -> None:
    rel = _commit_decision(ws, guest_decision(ws, DECIDE, "client-acme"))
    result = validate(ws, NO_SECRET)
    no_traceback(result.output)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{rel}:11: error: cannot check the signature of this guest decision: "
        f"PROOFROOM_SECRET is not set; {HOW_SECRET}\n"
    )


def test_after_a_rotation_the_previous_secret_still_verifies_landed_decisions(
    ws: GitRepo,
) -> None:
    _commit_decision(ws, guest_decision(ws, DECIDE, "client-acme"))
    rotated = {"PROOFROOM_SECRET": OTHER_SECRET}
    assert validate(ws, rotated).exit_code == 1
    kept = {**rotated, "PROOFROOM_PREVIOUS_SECRETS": f"{OTHER_SECRET} {SECRET}"}
    result = validate(ws, kept)
    assert result.exit_code == 0, result.output
    short = validate(ws, {**rotated, "PROOFROOM_PREVIOUS_SECRETS": "short!"})
    no_traceback(short.output)
    assert short.exit_code == 2
    assert "PROOFROOM_PREVIOUS_SECRETS: secret 1 is too short (6 bytes)" in short.stderr
    assert SECRET not in short.output and OTHER_SECRET not in short.output


def test_validate_needs_no_secret_without_guest_decisions(ws: GitRepo) -> None:
    result = validate(ws, NO_SECRET, now="2027-01-21T12:00:00Z")
    assert result.exit_code == 0, result.output


def test_validate_checks_the_share_at_the_decision_s_time(ws: GitRepo) -> None:
    """The revoked share was active on 27 January: the decision stands after the revocation."""
    data = guest_decision(ws, REVOKED, "gone-client", decision="comment")
    data["signature"] = _sig(REVOKED, data)
    _commit_decision(ws, data, "20270127T0900Z-gone-client.yml")
    assert validate(ws).exit_code == 0
    late = _commit_decision(ws, data, "20270129T0900Z-gone-client.yml")
    result = validate(ws)
    assert result.exit_code == 1
    assert f'{late}:10: error: share "{REVOKED}" was revoked at 2027-01-28T09:00:00Z' in (
        result.stdout
    )


def test_an_unsigned_decision_in_a_guest_s_name_never_counts(ws: GitRepo) -> None:
    """A plain approver that is also a share's recipient: only a signed decision may speak
    for them, so a hand-written one in their name is refused and counts for nothing."""
    brief = ws.path / "content/campaigns/soldes/index.md"
    brief.write_text(
        brief.read_text("utf-8").replace("approvers: [alice, bob]", "approvers: [client-acme]"),
        "utf-8",
    )
    ws.commit("The client approves the brand stage", date="2027-01-21T12:00:00Z")
    data = guest_decision(ws, DECIDE, "client-acme")
    rel = _commit_decision(ws, dict(data, share=None, signature=None))
    result = validate(ws)
    assert result.exit_code == 1
    assert f'{rel}:4: error: unsigned decision in the name of guest "client-acme"' in (
        result.stdout
    )
    hero = _hero(ws)
    assert hero["stage"] == "brand" and hero["status"] == "in_review"


def _hero(ws: GitRepo) -> dict:
    (campaign,) = [
        c for c in status_json(ws.path, "--now", NOW)["campaigns"] if c["id"] == "soldes"
    ]
    return {d["id"]: d for d in campaign["deliverables"]}["hero"]


def test_a_guest_approver_is_satisfied_by_a_signed_decision_only(ws: GitRepo) -> None:
    brief = ws.path / "content/campaigns/soldes/index.md"
    brief.write_text(
        brief.read_text("utf-8").replace(
            "approvers: [alice, bob]", "approvers: [guest:client-acme]"
        ),
        "utf-8",
    )
    ws.commit("The client approves the brand stage", date="2027-01-21T12:00:00Z")
    assert _hero(ws)["stage"] == "brand"
    _commit_decision(ws, guest_decision(ws, DECIDE, "client-acme"))
    assert validate(ws).exit_code == 0
    hero = _hero(ws)
    assert hero["stage"] == "legal", hero
