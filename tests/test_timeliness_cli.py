"""`proofroom timeliness` on a real workspace: its JSON, markdown and table."""

from __future__ import annotations

import json

from click.testing import CliRunner
from helpers.gitrepo import GitRepo
from helpers.timeliness_json import DELIVERABLE_KEYS
from helpers.workspaces import campaign_workspace

from proofroom.cli import main

NOW = "2027-02-20T12:00:00Z"  # after both due dates of the workspace's brief


def run(repo: GitRepo, *args: str):
    return CliRunner().invoke(main, ["-C", str(repo.path), "timeliness", *args])


def test_json_has_exactly_the_contract_keys(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    result = run(git_repo, "--format", "json", "--now", NOW)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"now", "source", "deliverables", "campaigns", "bottleneck"}
    assert data["now"] == "2027-02-20T12:00:00Z" and data["source"] == "git"
    hero = next(d for d in data["deliverables"] if d["id"] == "hero")
    assert list(hero) == DELIVERABLE_KEYS
    assert hero["due"] == "2027-02-10T22:59:59Z"  # end of that day in Europe/Paris
    assert hero["first_submitted_at"] == "2027-01-05T08:00:00Z"
    assert hero["approved_at"] is None and hero["on_time"] is None
    (campaign,) = data["campaigns"]
    assert set(campaign) == {
        "id",
        "on_time_rate",
        "median_cycle_hours",
        "p90_cycle_hours",
        "overdue",
    }
    assert sorted(campaign["overdue"]) == ["banner", "hero"]
    assert campaign["on_time_rate"] == 0.0


def test_markdown_puts_overdue_first_and_stays_small(git_repo: GitRepo, tmp_path) -> None:
    campaign_workspace(git_repo)
    out = tmp_path / "summary.md"
    result = run(git_repo, "--format", "markdown", "--output", str(out), "--now", NOW)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.index("## Overdue") < text.index("## Campaigns") < text.index("## Deliverables")
    assert "| soldes | hero |" in text
    assert len(text.encode()) < 1024 * 1024


def test_table_names_each_deliverable(git_repo: GitRepo) -> None:
    campaign_workspace(git_repo)
    result = run(git_repo, "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "hero" in result.output and "overdue" in result.output
