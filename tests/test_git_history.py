"""History reading against real git repositories (ground truth: git itself)."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.gitrepo import GitRepo

from proofroom.core.git.history import BlobReader, open_repo, read_history
from proofroom.core.git.lfs import parse_pointer, pointer_bytes, real_file_present
from proofroom.core.model import LfsPointer
from proofroom.core.problems import ProofroomError


def day(n: int, hour: int = 10) -> str:
    return f"2024-03-{n:02d}T{hour:02d}:00:00+00:00"


def at(n: int, hour: int = 10) -> datetime:
    return datetime(2024, 3, n, hour, tzinfo=UTC)


def blob(repo: GitRepo, rev: str, path: str) -> str:
    return repo.git("rev-parse", f"{rev}:{path}")


def landings(repo: GitRepo, prefixes=("assets/", "reviews/")) -> dict[str, list[tuple[str, str]]]:
    """Ground truth without rename detection: per path, (first-parent commit, blob) each
    time the blob changes, from `git ls-tree` of every first-parent commit."""
    result: dict[str, list[tuple[str, str]]] = {}
    before: dict[str, str] = {}
    for sha in repo.first_parents():
        tree = {}
        for item in repo.git("ls-tree", "-r", "-z", sha).split("\0"):
            if not item:
                continue
            meta, path = item.split("\t", 1)
            mode, _kind, obj = meta.split()
            if mode != "120000" and path.startswith(prefixes):
                tree[path] = obj
        for path, obj in tree.items():
            if before.get(path) != obj:
                result.setdefault(path, []).append((sha, obj))
        before = tree
    return result


def summary(history, path: str) -> list[tuple[str, str]]:
    return [(v.landed.sha, v.blob) for v in history.files[path].versions]


# ------------------------------------------------------------------------- linear


def test_linear_history_matches_git(git_repo: GitRepo) -> None:
    r = git_repo
    r.image("assets/spring/hero.jpg", color=(10, 20, 30))
    r.write("assets/spring/copy.txt", "Bonjour")
    r.write("README.md", "outside the prefixes")
    c1 = r.commit("First cut\n\nWith a body.", date=day(1))
    r.image("assets/spring/hero.jpg", color=(90, 20, 30))
    c2 = r.commit("Warmer hero", date="2024-03-02T12:00:00+02:00", author="Bob <bob@example.com>")
    r.write("README.md", "still outside")
    c3 = r.commit("Docs only", date=day(3))
    r.write("assets/spring/copy.txt", "Bonjour !")
    r.write("reviews/spring/hero/20240304T1000Z-alice.yml", "decision: approved\n")
    c4 = r.commit("Copy fix", date=day(4))

    h = read_history(r.path)

    assert h.head == c4
    assert set(h.commits) == {c1, c2, c3, c4}
    assert set(h.files) == set(landings(r))
    for path, truth in landings(r).items():
        assert summary(h, path) == truth
    hero = h.files["assets/spring/hero.jpg"]
    assert [v.number for v in hero.versions] == [1, 2]
    v2 = hero.current
    assert v2.landed.sha == v2.made.sha == c2
    assert v2.made.author.name == "Bob" and v2.made.author.email == "bob@example.com"
    assert v2.landed_at == datetime(2024, 3, 2, 10, tzinfo=UTC)  # +02:00 read as UTC
    assert v2.landed_at.tzinfo is not None
    assert v2.size == (r.path / "assets/spring/hero.jpg").stat().st_size
    assert v2.path == "assets/spring/hero.jpg" and not v2.working_copy
    assert h.commits[c1].message == "First cut\n\nWith a body."
    assert h.commits[c1].subject == "First cut"
    assert h.commits[c2].parents == (c1,)
    assert not hero.deleted


def test_custom_prefixes_and_ref(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/a/one.txt", "1")
    r.write("other/two.txt", "2")
    first = r.commit("one", date=day(1))
    r.write("assets/a/one.txt", "1b")
    r.commit("two", date=day(2))
    h = read_history(r.path, ref=first, prefixes=("other/",))
    assert h.head == first
    assert list(h.files) == ["other/two.txt"]
    h_all = read_history(r.path, prefixes=())
    assert set(h_all.files) == {"assets/a/one.txt", "other/two.txt"}
    assert len(h_all.files["assets/a/one.txt"].versions) == 2


def test_unknown_ref_is_an_error(git_repo: GitRepo) -> None:
    git_repo.write("assets/a/x.txt", "x")
    git_repo.commit("x", date=day(1))
    with pytest.raises(ProofroomError, match="does not name a commit"):
        read_history(git_repo.path, ref="no-such-branch")
    with pytest.raises(ProofroomError, match="does not name a commit"):
        read_history(git_repo.path, ref="--output=/tmp/x")


# ------------------------------------------------------------------------- landings


def test_merge_credits_the_branch_commit(git_repo: GitRepo) -> None:
    r = git_repo
    r.image("assets/c/hero.jpg", color=(1, 2, 3))
    base = r.commit("base", date=day(1))
    r.branch("feature")
    r.checkout("feature")
    r.image("assets/c/hero.jpg", color=(200, 2, 3))
    early = r.commit("Draft", date=day(2), author="Bob <bob@example.com>")
    r.image("assets/c/hero.jpg", color=(250, 2, 3))
    made = r.commit("Final hero", date=day(3), author="Bob <bob@example.com>")
    r.checkout("main")
    r.write("assets/c/other.txt", "main moves on")
    r.commit("main work", date=day(4))
    merge = r.merge("feature", message="Merge pull request #1", date=day(9))

    h = read_history(r.path)
    hero = h.files["assets/c/hero.jpg"]
    assert summary(h, "assets/c/hero.jpg") == landings(r)["assets/c/hero.jpg"]
    assert [v.landed.sha for v in hero.versions] == [base, merge]
    v2 = hero.versions[1]
    assert v2.blob == blob(r, made, "assets/c/hero.jpg")
    assert v2.made.sha == made != early
    assert v2.made.subject == "Final hero" and v2.made.author.name == "Bob"
    assert v2.landed.sha == merge and v2.landed.is_merge
    assert v2.landed_at == at(9)  # the merge's committer time, not the branch commit's
    assert v2.made.authored_at == at(3)
    assert early in h.commits  # side commits are parsed too


def test_squash_landing(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/a.txt", "v1")
    r.commit("base", date=day(1))
    r.branch("pr")
    r.checkout("pr")
    r.write("assets/c/a.txt", "v2")
    r.commit("wip", date=day(2))
    r.write("assets/c/a.txt", "v3")
    r.commit("wip 2", date=day(3))
    r.checkout("main")
    squash = r.merge("pr", message="Hero update (#2)", date=day(5), squash=True)

    h = read_history(r.path)
    versions = h.files["assets/c/a.txt"].versions
    assert len(versions) == 2
    assert versions[1].landed.sha == versions[1].made.sha == squash
    assert versions[1].landed_at == at(5)
    assert versions[1].made.subject == "Hero update (#2)"
    assert summary(h, "assets/c/a.txt") == landings(r)["assets/c/a.txt"]


def test_rebase_landing(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/a.txt", "v1")
    r.commit("base", date=day(1))
    r.branch("pr")
    r.checkout("pr")
    r.write("assets/c/a.txt", "v2")
    original = r.commit("Tighter crop", date=day(2), author="Bob <bob@example.com>")
    r.checkout("main")
    r.write("assets/c/b.txt", "other")
    r.commit("main work", date=day(3))
    tip = r.rebase_onto_main("pr", date=day(6))

    h = read_history(r.path)
    v2 = h.files["assets/c/a.txt"].versions[1]
    assert v2.landed.sha == v2.made.sha == tip != original
    assert v2.landed_at == at(6)  # rewritten committer date
    assert v2.made.authored_at == at(2)  # the author's date survives the rebase
    assert v2.made.author.email == "bob@example.com"
    assert original not in h.commits  # no longer reachable from main
    assert summary(h, "assets/c/a.txt") == landings(r)["assets/c/a.txt"]


def test_branch_merging_main_back_before_landing(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/hero.txt", "hero v1")
    r.write("assets/c/banner.txt", "banner v1")
    c0 = r.commit("base", date=day(1))
    r.branch("a")
    r.branch("b")
    r.checkout("a")
    r.write("assets/c/hero.txt", "hero v2")
    a1 = r.commit("hero v2", date=day(2))
    r.checkout("b")
    r.write("assets/c/banner.txt", "banner v2")
    b1 = r.commit("banner v2", date=day(3))
    r.checkout("main")
    m1 = r.merge("a", message="Merge a", date=day(4))
    r.checkout("b")
    bm = r.merge("main", message="Merge main into b", date=day(5))
    r.write("assets/c/banner.txt", "banner v3")
    b2 = r.commit("banner v3", date=day(6))
    r.checkout("main")
    m2 = r.merge("b", message="Merge b", date=day(7))

    h = read_history(r.path)
    for path, truth in landings(r).items():
        assert summary(h, path) == truth
    hero = h.files["assets/c/hero.txt"].versions
    banner = h.files["assets/c/banner.txt"].versions
    assert [(v.landed.sha, v.made.sha) for v in hero] == [(c0, c0), (m1, a1)]
    assert [(v.landed.sha, v.made.sha) for v in banner] == [(c0, c0), (m2, b2)]
    assert {b1, bm} <= set(h.commits)
    assert h.commits[bm].is_merge


def test_made_prefers_the_commit_that_changed_the_same_path(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/hero.txt", "old")
    r.commit("base", date=day(1))
    r.branch("pr")
    r.checkout("pr")
    r.write("assets/c/hero.txt", "shared content")
    hero = r.commit("hero", date=day(2))
    r.write("assets/c/copy.txt", "shared content")  # same blob, newer, another path
    copy = r.commit("copy", date=day(3))
    r.checkout("main")
    r.merge("pr", message="land", date=day(4))
    h = read_history(r.path)
    assert h.files["assets/c/hero.txt"].current.made.sha == hero
    assert h.files["assets/c/copy.txt"].current.made.sha == copy


def test_conflict_resolved_in_the_merge_is_made_by_the_merge(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/a.txt", "base\n")
    r.commit("base", date=day(1))
    r.branch("pr")
    r.checkout("pr")
    r.write("assets/c/a.txt", "branch\n")
    r.commit("branch edit", date=day(2))
    r.checkout("main")
    r.write("assets/c/a.txt", "main\n")
    r.commit("main edit", date=day(3))
    proc = subprocess.run(
        ["git", "merge", "--no-ff", "pr"], cwd=r.path, env=r.env(date=day(4)), capture_output=True
    )
    assert proc.returncode != 0  # a real conflict
    r.write("assets/c/a.txt", "resolved\n")
    merge = r.commit("Merge pr, resolved", date=day(4))

    last = read_history(r.path).files["assets/c/a.txt"].current
    assert last.landed.sha == last.made.sha == merge
    assert last.number == 3


# ------------------------------------------------------------------------- content rules


def test_rename_keeps_history(git_repo: GitRepo) -> None:
    r = git_repo
    r.image("assets/c/old name.jpg", color=(5, 5, 5))
    c1 = r.commit("add", date=day(1))
    r.move("assets/c/old name.jpg", "assets/c/new/name.jpg")
    r.commit("rename only", date=day(2))
    r.image("assets/c/new/name.jpg", color=(9, 9, 9))
    c3 = r.commit("edit after rename", date=day(3))
    r.move("assets/c/new/name.jpg", "assets/c/final.jpg")
    r.image("assets/c/final.jpg", color=(9, 9, 10), quality=95)
    c4 = r.commit("rename and touch up", date=day(4))

    h = read_history(r.path)
    assert "assets/c/old name.jpg" not in h.files
    assert "assets/c/new/name.jpg" not in h.files
    final = h.files["assets/c/final.jpg"]
    assert final.path == "assets/c/final.jpg"
    assert [(v.number, v.landed.sha, v.path) for v in final.versions] == [
        (1, c1, "assets/c/old name.jpg"),
        (2, c3, "assets/c/new/name.jpg"),
        (3, c4, "assets/c/final.jpg"),
    ]
    assert not final.deleted


def test_rename_on_a_branch_lands_with_history(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/draft.txt", "first words of a long enough text\n" * 5)
    r.write("assets/c/moved.txt", "another long enough text to be tracked\n" * 5)
    c1 = r.commit("", date=day(1))  # an empty message is fine too
    r.branch("pr")
    r.checkout("pr")
    r.write("assets/c/draft.txt", "first words of a long enough text\n" * 5 + "more\n")
    edit = r.commit("edit", date=day(2), author="Bob <bob@example.com>")
    r.move("assets/c/draft.txt", "assets/c/final.txt")
    r.move("assets/c/moved.txt", "assets/c/renamed.txt")
    r.commit("rename", date=day(3), author="Bob <bob@example.com>")
    r.checkout("main")
    merge = r.merge("pr", message="land", date=day(4))

    h = read_history(r.path)
    assert set(h.files) == {"assets/c/final.txt", "assets/c/renamed.txt"}
    final = h.files["assets/c/final.txt"].versions
    assert [(v.landed.sha, v.made.sha, v.path) for v in final] == [
        (c1, c1, "assets/c/draft.txt"),
        (merge, edit, "assets/c/final.txt"),
    ]
    assert h.commits[c1].message == ""
    assert len(h.files["assets/c/renamed.txt"].versions) == 1  # a pure rename adds none


def test_revert_makes_a_version_same_as_the_old_one(git_repo: GitRepo) -> None:
    r = git_repo
    for n, text in enumerate(["A", "B", "C", "A", "B"], start=1):
        r.write("assets/c/x.txt", text)
        r.commit(f"step {n}", date=day(n))
    versions = read_history(r.path).files["assets/c/x.txt"].versions
    assert [v.number for v in versions] == [1, 2, 3, 4, 5]
    assert [v.same_as for v in versions] == [None, None, None, 1, 2]
    assert versions[3].blob == versions[0].blob


def test_mode_only_change_is_not_a_version(git_repo: GitRepo) -> None:
    r = git_repo
    target = r.write("assets/c/run.sh", "echo hi\n")
    r.commit("add", date=day(1))
    target.chmod(target.stat().st_mode | stat.S_IXUSR)
    mode_commit = r.commit("chmod", date=day(2))
    assert "100755" in r.git("ls-tree", mode_commit, "assets/c/run.sh")
    versions = read_history(r.path).files["assets/c/run.sh"].versions
    assert len(versions) == 1


def test_deleted_file_keeps_its_history(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/gone.txt", "1")
    r.write("assets/c/back.txt", "1")
    r.commit("add", date=day(1))
    r.write("assets/c/gone.txt", "2")
    r.commit("edit", date=day(2))
    r.remove("assets/c/gone.txt")
    r.remove("assets/c/back.txt")
    r.commit("delete", date=day(3))
    r.write("assets/c/back.txt", "1")
    r.commit("restore", date=day(4))

    h = read_history(r.path)
    gone = h.files["assets/c/gone.txt"]
    assert gone.deleted and len(gone.versions) == 2
    back = h.files["assets/c/back.txt"]
    assert not back.deleted
    assert [v.same_as for v in back.versions] == [None, 1]


def test_lfs_pointer_versions(git_repo: GitRepo) -> None:
    r = git_repo
    real = b"\x89PNG fake large file" * 1000
    r.lfs("assets/c/big.psd", real)
    r.write("assets/c/small.txt", "version https://git-lfs.github.com/spec/v1 is not enough")
    r.commit("lfs", date=day(1))
    h = read_history(r.path)
    big = h.files["assets/c/big.psd"].current
    assert big.lfs == LfsPointer(oid=hashlib.sha256(real).hexdigest(), size=len(real))
    assert big.size == (r.path / "assets/c/big.psd").stat().st_size < 1024
    assert h.files["assets/c/small.txt"].current.lfs is None


def test_parse_pointer_is_strict() -> None:
    oid = "a" * 64
    good = pointer_bytes(LfsPointer(oid=oid, size=12345))
    assert parse_pointer(good) == LfsPointer(oid=oid, size=12345)
    ext = good + b"ext-0-foo sha256:" + b"b" * 64 + b"\n"
    assert parse_pointer(ext) == LfsPointer(oid=oid, size=12345)
    assert parse_pointer(good.replace(b"size 12345", b"size -1")) is None
    assert parse_pointer(good.replace(b"sha256:", b"md5:")) is None
    assert parse_pointer(good.replace(b"\nsize 12345", b"")) is None
    assert parse_pointer(b"version https://git-lfs.github.com/spec/v2\n") is None
    assert parse_pointer(good + b"x" * 1024) is None
    assert parse_pointer(b"\xff\xd8\xff\xe0 JPEG") is None


def test_real_file_present(tmp_path: Path) -> None:
    real = b"x" * 2000
    pointer = LfsPointer(oid=hashlib.sha256(real).hexdigest(), size=len(real))
    f = tmp_path / "f.bin"
    f.write_bytes(pointer_bytes(pointer))
    assert not real_file_present(f, pointer)
    f.write_bytes(real)
    assert real_file_present(f, pointer)
    assert not real_file_present(tmp_path / "missing", pointer)


@pytest.mark.parametrize(
    "name",
    [
        "assets/c/with space.jpg",
        "assets/c/été à Paris.png",
        "assets/c/🎨 affiche.gif",
        'assets/c/quote " and \\ backslash.txt',
        "assets/c/new\nline.txt",
        "assets/c/tab\there.txt",
    ],
)
def test_unusual_file_names_round_trip(git_repo: GitRepo, name: str) -> None:
    r = git_repo
    r.write(name, "v1")
    r.commit("add", date=day(1))
    r.write(name, "v2")
    r.commit("edit", date=day(2))
    h = read_history(r.path)
    assert list(h.files) == [name]
    assert len(h.files[name].versions) == 2
    (r.path / name).write_text("v3 in the work tree")
    h = read_history(r.path, working_copy=True)
    wc = h.files[name].current
    assert wc.working_copy and wc.number == 3
    assert wc.blob == r.git("hash-object", "--", name)


def test_symlink_pointing_outside_is_skipped(git_repo: GitRepo, tmp_path: Path) -> None:
    r = git_repo
    secret = tmp_path / "secret.txt"
    secret.write_text("not an asset")
    r.write("assets/c/real.txt", "real")
    r.symlink("assets/c/link.jpg", str(secret))
    r.commit("add", date=day(1))
    r.symlink("assets/c/untracked-link.jpg", "/etc/hostname")
    h = read_history(r.path, working_copy=True)
    assert set(h.files) == {"assets/c/real.txt"}


def test_file_replaced_by_a_symlink_counts_as_deleted(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/a.txt", "a")
    r.commit("add", date=day(1))
    r.remove("assets/c/a.txt")
    r.symlink("assets/c/a.txt", "/etc/hostname")
    r.commit("now a link", date=day(2))
    a = read_history(r.path).files["assets/c/a.txt"]
    assert a.deleted and len(a.versions) == 1


def test_hostile_commit_message_bytes(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/a.txt", "a")
    r.git("add", "-A")
    nasty = (
        b"Subject \xff\xfe not utf-8\n\n"
        b":100644 100644 " + b"0" * 40 + b" " + b"1" * 40 + b" M\tassets/c/fake.txt\n"
        b"\x01proofroom-commit\n\x1b[31mred\x1b[0m \x7f\x01\x02 caf\xc3\xa9\n"
    )
    # `git commit` would re-encode invalid UTF-8: write the raw commit object instead.
    raw = (
        b"tree " + r.git("write-tree").encode() + b"\n"
        b"author Zo\xc3\xab \xff <zoe@example.com> 1709287200 +0000\n"
        b"committer Zo\xc3\xab <zoe@example.com> 1709287200 +0000\n\n" + nasty
    )
    sha = r.git("hash-object", "-t", "commit", "-w", "--stdin", input=raw)
    r.git("update-ref", "refs/heads/main", sha)
    r.write("assets/c/a.txt", "b")
    r.commit("next", date=day(2))
    h = read_history(r.path)
    assert set(h.files) == {"assets/c/a.txt"}
    assert next(v.landed.sha for v in h.files["assets/c/a.txt"].versions) == sha
    assert len(h.files["assets/c/a.txt"].versions) == 2
    message = h.commits[sha].message
    assert message.startswith("Subject \ufffd\ufffd not utf-8")
    assert "café" in message and "\x1b[31mred" in message and "fake.txt" in message
    assert h.commits[sha].author.name == "Zoë \ufffd"
    assert h.commits[sha].committed_at == at(1)


# ------------------------------------------------------------------------- working copy


def test_working_copy_versions(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/edited.txt", "v1")
    r.write("assets/c/reverted.txt", "r1")
    r.write("assets/c/same.txt", "same")
    r.write("assets/c/removed.txt", "bye")
    r.write("assets/c/staged.txt", "s1")
    r.commit("one", date=day(1))
    r.write("assets/c/reverted.txt", "r2")
    r.commit("two", date=day(2))
    r.write("assets/c/edited.txt", "v2 uncommitted")
    r.write("assets/c/reverted.txt", "r1")
    (r.path / "assets/c/same.txt").touch()
    r.remove("assets/c/removed.txt")
    r.write("assets/c/new/fresh.txt", "brand new")
    r.write("assets/c/staged.txt", "s2")
    r.git("add", "assets/c/staged.txt")
    r.write("outside.txt", "ignored by prefixes")

    committed = read_history(r.path)
    assert all(not v.working_copy for f in committed.files.values() for v in f.versions)
    assert "assets/c/new/fresh.txt" not in committed.files

    h = read_history(r.path, working_copy=True)
    edited = h.files["assets/c/edited.txt"].current
    assert edited.working_copy and edited.number == 2
    assert edited.landed is None and edited.made is None and edited.landed_at is None
    assert edited.size == len("v2 uncommitted")
    assert edited.blob == r.git("hash-object", "assets/c/edited.txt")
    reverted = h.files["assets/c/reverted.txt"].current
    assert reverted.working_copy and reverted.number == 3 and reverted.same_as == 1
    assert len(h.files["assets/c/same.txt"].versions) == 1
    assert h.files["assets/c/removed.txt"].deleted
    fresh = h.files["assets/c/new/fresh.txt"]
    assert [(v.number, v.working_copy) for v in fresh.versions] == [(1, True)]
    assert h.files["assets/c/staged.txt"].current.working_copy
    assert "outside.txt" not in h.files


def test_working_copy_staged_rename_keeps_history(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/a.txt", "content that is long enough to be detected as a rename\n")
    r.commit("add", date=day(1))
    r.move("assets/c/a.txt", "assets/c/b.txt")
    r.write("assets/c/b.txt", "content that is long enough to be detected as a rename!\n")
    h = read_history(r.path, working_copy=True)
    b = h.files["assets/c/b.txt"]
    assert "assets/c/a.txt" not in h.files
    assert [v.working_copy for v in b.versions] == [False, True]


def test_working_copy_lfs_pointer(git_repo: GitRepo) -> None:
    r = git_repo
    r.write("assets/c/x.txt", "x")
    r.commit("x", date=day(1))
    r.lfs("assets/c/big.mov", b"movie" * 100)
    wc = read_history(r.path, working_copy=True).files["assets/c/big.mov"].current
    assert wc.working_copy and wc.lfs is not None and wc.lfs.size == 500


def test_empty_repository(git_repo: GitRepo) -> None:
    h = read_history(git_repo.path)
    assert h.head is None and h.files == {} and h.commits == {}
    git_repo.image("assets/c/first.jpg")
    git_repo.write("assets/c/staged.txt", "s")
    git_repo.git("add", "assets/c/staged.txt")
    h = read_history(git_repo.path, working_copy=True)
    assert h.head is None
    assert set(h.files) == {"assets/c/first.jpg", "assets/c/staged.txt"}
    first = h.files["assets/c/first.jpg"].versions
    assert len(first) == 1 and first[0].working_copy and first[0].number == 1


# ------------------------------------------------------------------------- environment


def test_open_repo_returns_the_top_level(git_repo: GitRepo) -> None:
    sub = git_repo.path / "assets" / "c"
    sub.mkdir(parents=True)
    assert open_repo(sub) == git_repo.path.resolve()
    f = git_repo.write("assets/c/x.txt", "x")
    assert open_repo(f) == git_repo.path.resolve()


def test_not_a_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ProofroomError, match="is not inside a git repository") as err:
        open_repo(plain)
    assert "git init" in str(err.value)
    assert err.value.exit_code == 2
    with pytest.raises(ProofroomError, match="is not inside a git repository"):
        read_history(plain)
    with pytest.raises(ProofroomError, match="does not exist"):
        open_repo(tmp_path / "nowhere")


def test_git_not_installed(git_repo: GitRepo, tmp_path: Path, monkeypatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(ProofroomError, match="git is not installed"):
        open_repo(git_repo.path)
    with pytest.raises(ProofroomError, match="git is not installed"):
        read_history(git_repo.path)


def test_shallow_clone_is_an_error(git_repo: GitRepo, tmp_path: Path) -> None:
    r = git_repo
    for n in range(1, 4):
        r.write("assets/c/a.txt", f"v{n}")
        r.commit(f"v{n}", date=day(n))
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", r.path.as_uri(), str(clone)],
        check=True,
        env=r.env(),
    )
    with pytest.raises(ProofroomError) as err:
        open_repo(clone)
    assert "fetch-depth: 0" in str(err.value)
    assert "git fetch --unshallow" in str(err.value)
    with pytest.raises(ProofroomError, match="fetch-depth: 0"):
        read_history(clone)


def test_git_runs_a_constant_number_of_times(tmp_path: Path, monkeypatch) -> None:
    """Real git underneath, counted by a shim on PATH: one log, one cat-file."""
    real_git = shutil.which("git")
    assert real_git
    shim_dir = tmp_path / "shim"
    shim_dir.mkdir()
    calls = tmp_path / "calls.log"
    shim = shim_dir / "git"
    # The subcommand is the first argument after any `-c key=value` options.
    shim.write_text(
        "#!/bin/sh\n"
        'cmd="$1"\n'
        'for a in "$@"; do\n'
        '  if [ "$skip" = 1 ]; then skip=0; continue; fi\n'
        '  if [ "$a" = "-c" ]; then skip=1; continue; fi\n'
        '  cmd="$a"; break\n'
        "done\n"
        f'printf "%s\\n" "$cmd" >> "{calls}"\n'
        f'exec "{real_git}" "$@"\n'
    )
    shim.chmod(0o755)

    def count(n_files: int) -> dict[str, int]:
        r = GitRepo(tmp_path / f"repo{n_files}")
        for n in range(1, 4):
            for i in range(n_files):
                r.write(f"assets/c/f{i}.txt", f"{i} v{n}")
            r.commit(f"round {n}", date=day(n))
        r.branch("pr")
        r.checkout("pr")
        for i in range(n_files):
            r.write(f"assets/c/f{i}.txt", f"{i} branch")
        r.commit("branch", date=day(5))
        r.checkout("main")
        r.merge("pr", message="merge", date=day(6))
        for i in range(0, n_files, 2):
            r.write(f"assets/c/f{i}.txt", f"{i} uncommitted")
        r.write("assets/c/new.txt", "new")
        calls.write_text("")
        with monkeypatch.context() as m:
            m.setenv("PATH", f"{shim_dir}{os.pathsep}{os.environ['PATH']}")
            h = read_history(r.path, working_copy=True)
        assert len(h.files) == n_files + 1
        assert all(len(h.files[f"assets/c/f{i}.txt"].versions) == 5 for i in range(0, n_files, 2))
        commands = calls.read_text().split()
        return {c: commands.count(c) for c in set(commands)}

    small, large = count(3), count(40)
    assert large == small
    assert large["log"] == 1
    assert large["cat-file"] == 1
    assert large["status"] == 1 and large["hash-object"] == 1
    assert sum(large.values()) <= 5


# ------------------------------------------------------------------------- BlobReader


def test_blob_reader(git_repo: GitRepo, tmp_path: Path) -> None:
    r = git_repo
    big = os.urandom(3 * 1024 * 1024 + 17)  # larger than one streaming chunk
    r.write("assets/c/big.bin", big)
    r.write("assets/c/small.txt", "hello")
    r.write("assets/c/empty.txt", "")
    r.commit("blobs", date=day(1))
    big_sha = blob(r, "HEAD", "assets/c/big.bin")
    small_sha = blob(r, "HEAD", "assets/c/small.txt")
    empty_sha = blob(r, "HEAD", "assets/c/empty.txt")

    with BlobReader(r.path) as reader:
        assert reader.size(big_sha) == len(big)
        assert reader.read(small_sha) == b"hello"
        assert reader.read(empty_sha) == b""
        assert reader.read(big_sha) == big
        dest = tmp_path / "out" / "deep" / "big.bin"
        reader.write_to(big_sha, dest)
        assert dest.read_bytes() == big
        reader.write_to(small_sha, dest)  # replaces atomically
        assert dest.read_bytes() == b"hello"
        assert sorted(p.name for p in dest.parent.iterdir()) == ["big.bin"]

        with pytest.raises(ProofroomError, match="missing"):
            reader.read("0123456789" * 4)
        with pytest.raises(ValueError):
            reader.read("HEAD\ninfo x")
        blocker = tmp_path / "blocker"
        blocker.write_text("a file where a folder is expected")
        with pytest.raises(OSError):
            reader.write_to(big_sha, blocker / "x.bin")
        assert reader.read(small_sha) == b"hello"  # still in step after the failure
        (tmp_path / "a-dir").mkdir()
        with pytest.raises(OSError):
            reader.write_to(small_sha, tmp_path / "a-dir")
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
        assert reader.size(small_sha.upper()) == 5

        results: list[bool] = []

        def work() -> None:
            for _ in range(10):
                results.append(reader.read(small_sha) == b"hello")
                results.append(reader.size(big_sha) == len(big))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 80 and all(results)
    with pytest.raises(ValueError, match="closed"):
        reader.read(small_sha)


def test_random_branching_history_matches_git(git_repo: GitRepo) -> None:
    """A seeded mix of branches, merges both ways and squashes, checked against git."""
    import random

    rng = random.Random(20240301)
    r = git_repo
    files = [f"assets/c/f{i}.txt" for i in range(8)]
    for f in files:
        r.write(f, f"{f} start")
    r.commit("start", date=day(1, 0))
    owned: dict[str, set[str]] = {}  # open branch -> files only it may touch
    minute = 0

    def stamp() -> str:
        nonlocal minute
        minute += 1
        return f"2024-03-02T{minute // 60:02d}:{minute % 60:02d}:00+00:00"

    def touch(branch: str, pool: list[str]) -> None:
        for f in rng.sample(pool, k=min(len(pool), rng.randint(1, 2))):
            r.write(f, rng.choice(["A", "B", "C", f"{f} {minute}"]))
        r.commit(f"edit on {branch}", date=stamp(), author=rng.choice(["A <a@x>", "B <b@x>"]))

    for step in range(100):
        free = [f for f in files if not any(f in s for s in owned.values())]
        action = rng.choice(["main", "open", "work", "work", "land", "sync"])
        if action == "open" and len(free) >= 2 and len(owned) < 3:
            name = f"pr{step}"
            r.branch(name)
            owned[name] = set(rng.sample(free, k=2))
        elif action == "work" and owned:
            name = rng.choice(sorted(owned))
            r.checkout(name)
            touch(name, sorted(owned[name]))
            r.checkout("main")
        elif action == "sync" and owned:
            name = rng.choice(sorted(owned))
            r.checkout(name)
            r.merge("main", message=f"sync {name}", date=stamp())
            r.checkout("main")
        elif action == "land" and owned:
            name = rng.choice(sorted(owned))
            r.merge(name, message=f"land {name}", date=stamp(), squash=rng.random() < 0.3)
            del owned[name]
        elif free:
            touch("main", free)

    h = read_history(r.path)
    truth = landings(r)
    assert set(h.files) == set(truth)
    merges_checked = 0
    for path, expected in truth.items():
        assert summary(h, path) == expected
        for v in h.files[path].versions:
            assert blob(r, v.made.sha, path) == v.blob
            if v.landed.is_merge and v.made.sha != v.landed.sha:
                merges_checked += 1
                assert not v.made.is_merge
                first = v.landed.parents[0]
                is_anc = ["merge-base", "--is-ancestor", v.made.sha, first]
                assert subprocess.run(["git", *is_anc], cwd=r.path, env=r.env()).returncode == 1
            elif not v.landed.is_merge:
                assert v.made.sha == v.landed.sha
    assert merges_checked >= 5
