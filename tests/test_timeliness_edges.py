"""Timeliness edge cases, end to end (status, timeliness and its JSON).

Real git repositories with fixed commit dates, read through `proofroom timeliness
--format json --now ...` (and `load_workspace` where the JSON cannot show it). Every
expected figure is worked out by hand from the dates, in the comment next to it.
Dates are written in UTC (``+00:00``) unless the offset is the point of the test.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers.gitrepo import GitRepo, blob
from helpers.workspaces import campaign_workspace, write_config

from proofroom.cli import main
from proofroom.core.timeliness import timeliness
from proofroom.core.workspace import load_workspace
from proofroom.project import load_project

NOW = "2027-02-20T12:00:00Z"
HERO = "assets/soldes/hero.jpg"
# `path:line: warning: message`; a whole-file problem (line 0) prints as `path: warning:`.
WARNING = re.compile(r"^(?P<path>[^\s:]+)(?::\d+)?: warning: (?P<message>.+)$")


# -- building workspaces -------------------------------------------------------------------


def brief(*deliverables: tuple[str, str, str | None], timezone: str = "Europe/Paris") -> str:
    """A brief with one stage, ``brand``, that alice approves; (id, asset, due) each."""
    lines = [
        "---",
        "title: Edge cases",
        "owner: marie",
        f"timezone: {timezone}",
        "stages:",
        "  - name: brand",
        "    approvers: [alice]",
        "deliverables:",
    ]
    for did, asset, due in deliverables:
        lines += [f"  - id: {did}", f"    asset: {asset}"]
        if due is not None:
            lines.append(f"    due: {due}")
    return "\n".join([*lines, "---", "# Objectives", "", "Sell more.", ""])


HERO_BRIEF = brief(("hero", "hero.jpg", "2027-02-10"))


def setup(repo: GitRepo, text: str = HERO_BRIEF, campaign: str = "soldes") -> None:
    """Site configuration and one brief in the work tree (not committed)."""
    write_config(repo)
    repo.write(f"content/campaigns/{campaign}/index.md", text)


def decide(
    repo: GitRepo,
    asset: str,
    sha: str,
    *,
    stamp: str,
    reviewer: str = "alice",
    decision: str = "approved",
) -> str:
    """Write a decision file where `proofroom review` would; its path."""
    campaign, rel = asset.removeprefix("assets/").split("/", 1)
    stem = rel.rsplit(".", 1)[0]
    path = f"reviews/{campaign}/{stem}/{stamp}-{reviewer}.yml"
    repo.write(
        path,
        f'asset: {asset}\nsha: "{sha}"\nreviewer: {reviewer}\ndecision: {decision}\n',
    )
    return path


# -- running the command -------------------------------------------------------------------


def run(repo: GitRepo | Path, *args: str, env: dict[str, str] | None = None) -> Result:
    root = repo.path if isinstance(repo, GitRepo) else repo
    return CliRunner().invoke(main, ["-C", str(root), "timeliness", *args], env=env)


def report(
    repo: GitRepo, now: str | None = NOW, env: dict[str, str] | None = None
) -> tuple[dict, Result]:
    """The JSON report (exit code 0 asserted) and the run, for its stderr."""
    args = ["--format", "json"] + (["--now", now] if now else [])
    result = run(repo, *args, env=env)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return json.loads(result.stdout), result


def item(data: dict, did: str, campaign: str = "soldes") -> dict:
    return next(d for d in data["deliverables"] if d["id"] == did and d["campaign"] == campaign)


def campaign_of(data: dict, cid: str = "soldes") -> dict:
    return next(c for c in data["campaigns"] if c["id"] == cid)


def warnings(result: Result) -> list[tuple[str, str]]:
    """(path, message) of every warning line on stderr."""
    found = [WARNING.match(line) for line in result.stderr.splitlines()]
    return [(m["path"], m["message"]) for m in found if m]


# -- 1. landings: merge commit, squash, rebase ---------------------------------------------


def land(repo: GitRepo, branch: str, how: str, date: str) -> None:
    repo.checkout("main")
    if how == "rebase":
        repo.rebase_onto_main(branch, date=date)
    else:
        repo.merge(branch, message=f"Merge {branch}", date=date, squash=how == "squash")


def pull_request(
    repo: GitRepo, name: str, how: str, *, change, made: str, moved: str, landed: str
) -> None:
    """A branch commit at ``made``; main moves on at ``moved`` (so a rebase rewrites the
    commit); the branch lands at ``landed``."""
    repo.branch(name)
    repo.checkout(name)
    change()
    repo.commit(f"Work on {name}", date=made, author="Léa Martin <lea@example.com>")
    repo.checkout("main")
    repo.write("content/notes.md", f"Notes after {name}\n")
    repo.commit(f"Notes for {name}", date=moved)
    land(repo, name, how, landed)


@pytest.mark.parametrize("how", ["merge", "squash", "rebase"])
def test_landed_at_is_the_first_parent_commit_of_main(git_repo: GitRepo, how: str) -> None:
    repo = git_repo
    setup(repo)
    repo.commit("Brief", date="2027-01-04T09:00:00+00:00")
    pull_request(
        repo,
        "hero-v1",
        how,
        change=lambda: repo.image(HERO, color=(200, 30, 30)),
        made="2027-01-05T10:00:00+00:00",
        moved="2027-01-05T11:00:00+00:00",
        landed="2027-01-06T12:00:00+00:00",
    )
    pull_request(
        repo,
        "hero-v2",
        how,
        change=lambda: repo.image(HERO, color=(30, 200, 30)),
        made="2027-01-07T09:00:00+00:00",
        moved="2027-01-07T10:00:00+00:00",
        landed="2027-01-08T16:00:00+00:00",
    )
    v2 = blob(repo, HERO)
    pull_request(
        repo,
        "review-alice",
        how,
        change=lambda: decide(repo, HERO, v2, stamp="20270109T0800Z"),
        made="2027-01-09T08:00:00+00:00",
        moved="2027-01-09T09:00:00+00:00",
        landed="2027-01-09T10:30:00+00:00",
    )
    data, result = report(repo)
    assert result.stderr == ""
    assert item(data, "hero") == {
        "campaign": "soldes",
        "id": "hero",
        "asset": HERO,
        # 2027-02-10 ends at 23:59:59 in Paris (UTC+1 in winter) = 22:59:59Z.
        "due": "2027-02-10T22:59:59Z",
        # v1 landed at the landing commit (01-06 12:00), not when made on the branch (01-05).
        "first_submitted_at": "2027-01-06T12:00:00Z",
        # The decision landed 01-09 10:30 (made 08:00); brand opened at v2's landing.
        "approved_at": "2027-01-09T10:30:00Z",
        "on_time": True,
        # 01-09 10:30 -> 02-09 10:30 = 31 d = 744 h; + 1 d = 768 h; + 12:29:59 to the due
        # = 780.4997 h early.
        "lateness_hours": -780.5,
        # 01-06 12:00 -> 01-09 12:00 = 72 h, less 1.5 h.
        "cycle_hours": 70.5,
        "rounds": 2,
        # brand opened when v2 landed (01-08 16:00), passed 01-09 10:30: 18.5 h.
        "stages": [{"name": "brand", "wait_hours": 18.5}],
    }
    camp = campaign_of(data)
    assert camp == {
        "id": "soldes",
        "on_time_rate": 1.0,
        "median_cycle_hours": 70.5,
        "p90_cycle_hours": 70.5,
        "overdue": [],
    }
    assert data["bottleneck"] == {"stage": "brand", "median_wait_hours": 18.5}


# -- 2. a decision that lands before the version it names ----------------------------------


def test_decision_landed_before_its_version_passes_at_the_landing(git_repo: GitRepo) -> None:
    repo = git_repo
    setup(repo)
    repo.commit("Brief", date="2027-01-04T09:00:00+00:00")
    repo.branch("creative/hero")
    repo.checkout("creative/hero")
    repo.image(HERO)
    repo.commit("Hero", date="2027-01-05T10:00:00+00:00", author="Léa <lea@example.com>")
    seen = blob(repo, HERO)  # what alice saw on the pull request's preview
    repo.checkout("main")
    repo.branch("review/alice")
    repo.checkout("review/alice")
    path = decide(repo, HERO, seen, stamp="20270105T1400Z")
    repo.commit("Brand approves the hero", date="2027-01-05T14:00:00+00:00")
    repo.checkout("main")
    repo.merge("review/alice", message="Merge #2", date="2027-01-05T16:00:00+00:00")
    repo.merge("creative/hero", message="Merge #1", date="2027-01-06T12:00:00+00:00")

    result = run(repo, "--format", "json", "--now", NOW)
    assert result.exit_code == 0, result.output
    hero = item(json.loads(result.stdout), "hero")
    # v1 landed 01-06 12:00; the decision landed earlier (01-05 16:00): brand passes at
    # the later of its opening and the decision's landing, i.e. at v1's landing.
    assert hero["first_submitted_at"] == "2027-01-06T12:00:00Z"
    assert hero["approved_at"] == "2027-01-06T12:00:00Z"
    assert hero["cycle_hours"] == 0.0  # 12:00 - 12:00
    assert hero["rounds"] == 1
    assert hero["stages"] == [{"name": "brand", "wait_hours": 0.0}]
    # 01-06 12:00 -> 02-10 22:59:59Z = 35 d (840 h) + 10:59:59 = 850.9997 h early.
    assert hero["on_time"] is True and hero["lateness_hours"] == -851.0
    # The odd order is told: the decision landed before the version it names.
    told = [
        (where, message)
        for where, message in warnings(result)
        if where in (path, HERO)
        and "before" in message
        and ("v1" in message or "version 1" in message or seen[:7] in message)
    ]
    assert told, f"no warning that {path} landed before v1:\n{result.stderr}"


# -- 3. due as a date and as a date-time with an offset ------------------------------------


def test_due_date_and_due_datetime_both_sides(git_repo: GitRepo) -> None:
    repo = git_repo
    dues = {
        "d-early": "2027-02-10",  # 23:59:59 Paris = 22:59:59Z
        "d-late": "2027-02-10",
        "t-early": "2027-02-10T18:00:00+01:00",  # = 17:00:00Z
        "t-exact": "2027-02-10T18:00:00+01:00",
        "t-late": "2027-02-10T18:00:00+01:00",
    }
    setup(repo, brief(*((did, f"{did}.png", due) for did, due in dues.items())))
    for n, did in enumerate(dues):
        repo.image(f"assets/soldes/{did}.png", color=(10 * n, 40, 90), fmt="PNG")
    repo.commit("Brief and five assets", date="2027-02-01T09:00:00+00:00")
    # Each approval lands on main in its own commit, in time order.
    approvals = [
        ("t-early", "2027-02-10T16:30:00+00:00"),
        ("t-exact", "2027-02-10T17:00:00+00:00"),
        ("d-early", "2027-02-10T20:59:59+00:00"),
        ("d-late", "2027-02-11T01:59:59+00:00"),
        ("t-late", "2027-02-11T05:00:00+00:00"),
    ]
    for did, when in approvals:
        asset = f"assets/soldes/{did}.png"
        decide(repo, asset, blob(repo, asset), stamp=when[:10].replace("-", "") + "T0000Z")
        repo.commit(f"Approve {did}", date=when)
    data, result = report(repo, now="2027-03-01T00:00:00Z")
    assert result.stderr == ""
    got = {
        did: (item(data, did)["due"], item(data, did)["on_time"], item(data, did)["lateness_hours"])
        for did in dues
    }
    assert got == {
        "t-early": ("2027-02-10T17:00:00Z", True, -0.5),  # 16:30 - 17:00
        "t-exact": ("2027-02-10T17:00:00Z", True, 0.0),  # approved_at == due is on time
        "d-early": ("2027-02-10T22:59:59Z", True, -2.0),  # 20:59:59 - 22:59:59
        "d-late": ("2027-02-10T22:59:59Z", False, 3.0),  # 02-11 01:59:59 - 02-10 22:59:59
        "t-late": ("2027-02-10T17:00:00Z", False, 12.0),  # 02-11 05:00 - 02-10 17:00
    }
    # 02-01 09:00 -> 02-10 16:30 = 9 d (216 h) + 7.5 h.
    assert item(data, "t-early")["cycle_hours"] == 223.5
    # 3 on time of 5 judged.
    assert campaign_of(data)["on_time_rate"] == 0.6


# -- 4. a daylight-saving week -------------------------------------------------------------


def test_spring_forward_week(git_repo: GitRepo) -> None:
    """Paris moves from UTC+1 to UTC+2 on 2027-03-28 at 02:00 local (01:00Z)."""
    repo = git_repo
    setup(
        repo,
        brief(
            ("hero", "hero.jpg", "2027-03-29"),
            ("banner", "banner.png", "2027-03-29"),
            ("poster", "poster.png", "2027-03-29"),
        ),
    )
    repo.image(HERO)
    repo.image("assets/soldes/banner.png", color=(1, 2, 3), fmt="PNG")
    repo.image("assets/soldes/poster.png", color=(4, 5, 6), fmt="PNG")
    repo.commit("Three assets", date="2027-03-27T12:00:00+01:00")  # 11:00Z
    for asset, when in [
        ("assets/soldes/banner.png", "2027-03-28T12:00:00+02:00"),  # 10:00Z
        ("assets/soldes/poster.png", "2027-03-29T23:30:00+02:00"),  # 21:30Z
        (HERO, "2027-03-30T00:59:59+02:00"),  # 03-29 22:59:59Z
    ]:
        decide(repo, asset, blob(repo, asset), stamp="20270328T0000Z")
        repo.commit(f"Approve {asset}", date=when)
    data, result = report(repo, now="2027-04-01T00:00:00Z")
    assert result.stderr == ""
    hero, banner, poster = (item(data, d) for d in ("hero", "banner", "poster"))
    # 2027-03-29 ends at 23:59:59 CEST (UTC+2) = 21:59:59Z, not 22:59:59Z.
    assert {hero["due"], banner["due"], poster["due"]} == {"2027-03-29T21:59:59Z"}
    # Noon to noon local across the change is 23 real hours (11:00Z -> 10:00Z next day).
    assert banner["first_submitted_at"] == "2027-03-27T11:00:00Z"
    assert banner["approved_at"] == "2027-03-28T10:00:00Z"
    assert banner["cycle_hours"] == 23.0
    # 03-28 10:00Z -> 03-29 21:59:59Z = 35:59:59 early.
    assert (banner["on_time"], banner["lateness_hours"]) == (True, -36.0)
    # 21:30Z is 23:30 local, half an hour (less a second) before the end of the day.
    assert (poster["on_time"], poster["lateness_hours"]) == (True, -0.5)
    # 22:59:59Z is 00:59:59 on the 30th in Paris: one hour late (on time if the winter
    # offset were wrongly kept).
    assert hero["approved_at"] == "2027-03-29T22:59:59Z"
    assert (hero["on_time"], hero["lateness_hours"]) == (False, 1.0)
    # 03-27 11:00Z -> 03-29 22:59:59Z = 48 h + 11:59:59.
    assert hero["cycle_hours"] == 60.0
    assert campaign_of(data)["on_time_rate"] == round(2 / 3, 4)


# -- 5. no due date ------------------------------------------------------------------------


def test_without_due_nothing_is_judged(git_repo: GitRepo) -> None:
    repo = git_repo
    setup(
        repo,
        brief(
            ("hero", "hero.jpg", None),
            ("banner", "banner.png", None),
            ("poster", "poster.png", "2027-02-10"),
        ),
    )
    # A second campaign without a deliverables list: every file is one, without due.
    repo.write("content/campaigns/libre/index.md", "---\ntitle: Libre\n---\nFree.\n")
    repo.image(HERO)
    repo.image("assets/soldes/banner.png", color=(1, 2, 3), fmt="PNG")
    repo.image("assets/soldes/poster.png", color=(4, 5, 6), fmt="PNG")
    repo.image("assets/libre/flyer.png", color=(7, 8, 9), fmt="PNG")
    repo.commit("Assets", date="2027-02-01T09:00:00+00:00")
    for asset in (HERO, "assets/soldes/poster.png"):
        decide(repo, asset, blob(repo, asset), stamp="20270202T0900Z")
    repo.commit("Approvals", date="2027-02-02T09:00:00+00:00")
    data, result = report(repo, now="2030-01-01T00:00:00Z")  # long after everything
    assert result.stderr == ""
    hero, banner = item(data, "hero"), item(data, "banner")
    assert hero["due"] is None and banner["due"] is None
    assert (hero["on_time"], hero["lateness_hours"]) == (None, None)
    assert hero["cycle_hours"] == 24.0  # 02-01 09:00 -> 02-02 09:00: measured all the same
    assert hero["rounds"] == 1
    assert (banner["approved_at"], banner["on_time"], banner["lateness_hours"]) == (
        None,
        None,
        None,
    )
    # Only the poster is judged (on time): 1 / 1, the deliverables without due do not count.
    assert campaign_of(data) == {
        "id": "soldes",
        "on_time_rate": 1.0,
        "median_cycle_hours": 24.0,
        "p90_cycle_hours": 24.0,
        "overdue": [],
    }
    flyer = item(data, "flyer", "libre")
    assert (flyer["due"], flyer["on_time"], flyer["lateness_hours"]) == (None, None, None)
    assert campaign_of(data, "libre") == {
        "id": "libre",
        "on_time_rate": None,
        "median_cycle_hours": None,
        "p90_cycle_hours": None,
        "overdue": [],
    }


# -- 6. negative or impossible durations ---------------------------------------------------


def test_approval_after_now_is_null_with_a_warning(git_repo: GitRepo) -> None:
    repo = git_repo
    setup(repo)
    repo.image(HERO)
    repo.commit("Hero", date="2027-02-01T09:00:00+00:00")
    decide(repo, HERO, blob(repo, HERO), stamp="20270301T0000Z")
    repo.commit("Approve (clock ahead)", date="2027-03-01T00:00:00+00:00")  # after NOW
    data, result = report(repo, now=NOW)
    hero = item(data, "hero")
    assert hero["approved_at"] == "2027-03-01T00:00:00Z"  # the data as recorded
    assert hero["rounds"] == 1
    # Every duration that ends at the approval ends after now: null, never clamped.
    assert (hero["on_time"], hero["lateness_hours"], hero["cycle_hours"]) == (None, None, None)
    assert hero["stages"] == [{"name": "brand", "wait_hours": None}]
    assert data["bottleneck"] is None
    assert campaign_of(data)["on_time_rate"] is None
    told = [m for p, m in warnings(result) if p == HERO and "after now" in m]
    assert len(told) == 1, result.stderr


def test_approval_before_first_submission_is_null_with_a_warning(git_repo: GitRepo) -> None:
    repo = git_repo
    setup(repo)
    repo.image(HERO)
    repo.commit("Hero v1", date="2027-02-05T12:00:00+00:00")
    repo.branch("hero-v2")
    repo.checkout("hero-v2")
    repo.image(HERO, color=(30, 200, 30))
    repo.commit("Hero v2", date="2027-02-06T09:00:00+00:00")
    repo.checkout("main")
    # The merge commit's clock is wrong: dated before v1 landed.
    repo.merge("hero-v2", message="Merge #2", date="2027-02-03T12:00:00+00:00")
    decide(repo, HERO, blob(repo, HERO), stamp="20270204T0000Z")
    repo.commit("Approve v2", date="2027-02-04T00:00:00+00:00")
    data, result = report(repo, now=NOW)
    hero = item(data, "hero")
    assert hero["first_submitted_at"] == "2027-02-05T12:00:00Z"
    # brand opened at v2's landing (02-03 12:00), passed at the decision (02-04 00:00).
    assert hero["approved_at"] == "2027-02-04T00:00:00Z"
    assert hero["rounds"] == 2
    # 02-04 00:00 - 02-05 12:00 = -36 h: impossible, so null (not 0, not -36).
    assert hero["cycle_hours"] is None
    # The approval itself is before now: lateness stands. 02-04 00:00 -> 02-10 22:59:59Z
    # = 6 d (144 h) + 22:59:59 = 166.9997 h early.
    assert (hero["on_time"], hero["lateness_hours"]) == (True, -167.0)
    assert hero["stages"] == [{"name": "brand", "wait_hours": 12.0}]  # 02-03 12:00 -> 02-04
    assert campaign_of(data)["median_cycle_hours"] is None
    # One warning names the first submission the approval precedes.
    told = [m for p, m in warnings(result) if p == HERO and "2027-02-05T12:00:00Z" in m]
    assert len(told) == 1, result.stderr


# -- 7. commits dated after --now ----------------------------------------------------------


def test_overdue_uses_now_not_the_latest_commit(git_repo: GitRepo) -> None:
    repo = git_repo
    setup(
        repo,
        brief(("hero", "hero.jpg", "2027-02-10"), ("banner", "banner.png", "2027-02-25")),
    )
    repo.image(HERO)
    repo.image("assets/soldes/banner.png", color=(1, 2, 3), fmt="PNG")
    repo.commit("Assets from the future", date="2027-03-01T08:00:00+00:00")
    data, _result = report(repo, now=NOW)  # 2027-02-20 12:00, before the commit
    assert data["now"] == NOW
    hero, banner = item(data, "hero"), item(data, "banner")
    assert hero["first_submitted_at"] == "2027-03-01T08:00:00Z"  # shown as recorded
    # hero: due 02-10 22:59:59Z < now, not approved -> overdue. banner: due 02-25
    # 22:59:59Z is after now -> not overdue (it would be against the commit's 03-01).
    assert campaign_of(data)["overdue"] == ["hero"]
    assert campaign_of(data)["on_time_rate"] == 0.0  # 0 on time / 1 judged (hero)
    assert banner["approved_at"] is None and banner["on_time"] is None
    status = CliRunner().invoke(
        main, ["-C", str(repo.path), "status", "--format", "json", "--now", NOW]
    )
    assert status.exit_code == 0, status.output
    flags = {
        d["id"]: d["overdue"] for d in json.loads(status.stdout)["campaigns"][0]["deliverables"]
    }
    assert flags == {"hero": True, "banner": False}


# -- 8. shallow clone ----------------------------------------------------------------------


def test_shallow_clone_is_one_line_and_exit_2(git_repo: GitRepo, tmp_path: Path) -> None:
    campaign_workspace(git_repo)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{git_repo.path}", str(clone)],
        env=git_repo.env(),
        check=True,
        capture_output=True,
    )
    assert GitRepo(clone).git("rev-parse", "--is-shallow-repository") == "true"
    result = run(clone, "--format", "json", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "fetch-depth: 0" in lines[0]


# -- 9. approved, then a new version lands -------------------------------------------------


def test_new_version_after_approval_goes_back_to_review(git_repo: GitRepo) -> None:
    repo = git_repo
    setup(repo)
    repo.image(HERO)
    repo.commit("Hero v1", date="2027-02-01T09:00:00+00:00")
    v1 = blob(repo, HERO)
    path = decide(repo, HERO, v1, stamp="20270202T1000Z")
    repo.commit("Approve v1", date="2027-02-02T10:00:00+00:00")
    repo.image(HERO, color=(30, 200, 30))
    repo.commit("Hero v2, after the due", date="2027-02-12T09:00:00+00:00")

    data, _result = report(repo, now=NOW)
    hero = item(data, "hero")
    assert hero["first_submitted_at"] == "2027-02-01T09:00:00Z"  # still v1's landing
    for key in ("approved_at", "on_time", "lateness_hours", "cycle_hours", "rounds"):
        assert hero[key] is None, key
    assert hero["stages"] == [{"name": "brand", "wait_hours": None}]  # open since v2
    # Due 02-10 22:59:59Z passed at now (02-20), not approved: overdue, 0 of 1 on time.
    assert campaign_of(data)["overdue"] == ["hero"]
    assert campaign_of(data)["on_time_rate"] == 0.0

    status = CliRunner().invoke(
        main, ["-C", str(repo.path), "status", "--format", "json", "--now", NOW]
    )
    assert status.exit_code == 0, status.output
    (row,) = json.loads(status.stdout)["campaigns"][0]["deliverables"]
    assert (row["version"], row["status"], row["stage"]) == (2, "in_review", "brand")
    assert row["stale"] is True and row["overdue"] is True

    ws, _ = load_workspace(
        load_project(repo.path).workspace, now=datetime(2027, 2, 20, 12, tzinfo=UTC)
    )
    (d,) = ws.campaign("soldes").deliverables
    (kept,) = d.decisions  # the earlier approval is still there, bound to v1
    assert (kept.path, kept.decision, kept.blob) == (path, "approved", v1)
    assert d.stages[0].stale == [kept]
    assert d.approved_at is None


# -- 10. nothing (or no asset) committed ---------------------------------------------------


@pytest.mark.parametrize("committed", [False, True], ids=["empty repository", "no assets"])
def test_nothing_landed_has_no_times(git_repo: GitRepo, committed: bool) -> None:
    repo = git_repo
    setup(repo, brief(("hero", "hero.jpg", "2027-02-10"), ("banner", "banner.png", "2027-02-12")))
    if committed:
        repo.commit("Brief only", date="2027-01-04T09:00:00+00:00")
    else:
        repo.image(HERO)  # in the work tree only: no landing, no time
    data, _result = report(repo, now="2027-01-20T00:00:00Z")  # before both dues
    assert [d["id"] for d in data["deliverables"]] == ["hero", "banner"]
    for d in data["deliverables"]:
        for key in (
            "first_submitted_at",
            "approved_at",
            "on_time",
            "lateness_hours",
            "cycle_hours",
            "rounds",
        ):
            assert d[key] is None, (d["id"], key)
        assert d["stages"] == []
    assert item(data, "hero")["due"] == "2027-02-10T22:59:59Z"
    assert data["campaigns"] == [
        {
            "id": "soldes",
            "on_time_rate": None,
            "median_cycle_hours": None,
            "p90_cycle_hours": None,
            "overdue": [],
        }
    ]
    assert data["bottleneck"] is None


# -- 11. SOURCE_DATE_EPOCH as "now" --------------------------------------------------------


def test_source_date_epoch_is_now_without_now(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)  # hero due 02-10 22:59:59Z, banner 02-12 22:59:59Z
    # 1802304000 = 2027-02-11T00:00:00Z: past the hero's due, not the banner's.
    data, _ = report(git_repo, now=None, env={"SOURCE_DATE_EPOCH": "1802304000"})
    assert data["now"] == "2027-02-11T00:00:00Z"
    assert campaign_of(data)["overdue"] == ["hero"]
    # 1802260800 = 2027-02-10T12:00:00Z: nothing is due yet.
    data, _ = report(git_repo, now=None, env={"SOURCE_DATE_EPOCH": "1802260800"})
    assert data["now"] == "2027-02-10T12:00:00Z"
    assert campaign_of(data)["overdue"] == []
    # --now wins over SOURCE_DATE_EPOCH.
    data, _ = report(git_repo, now=NOW, env={"SOURCE_DATE_EPOCH": "1802260800"})
    assert data["now"] == NOW
    assert sorted(campaign_of(data)["overdue"]) == ["banner", "hero"]


def test_library_agrees_with_the_command(git_repo: GitRepo) -> None:
    """The same figures from load_workspace + timeliness, for what the CLI printed."""
    campaign_workspace(git_repo)
    moment = datetime(2027, 2, 20, 12, tzinfo=UTC)
    ws, _ = load_workspace(load_project(git_repo.path).workspace, now=moment)
    data, _ = report(git_repo, now=NOW)
    assert timeliness(ws, moment).to_json("git") == data
