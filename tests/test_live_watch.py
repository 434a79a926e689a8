"""The preview's native file watcher passes on changes, never the reads a build makes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileModifiedEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from proofroom.live.watch import CHANGES, ContentChanges

pytestmark = pytest.mark.skipif(
    Observer is PollingObserver, reason="this system has no file change notifications"
)


class Seen(FileSystemEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, str]] = []
        self.changed = threading.Condition()

    def dispatch(self, event) -> None:
        path = getattr(event, "dest_path", "") or event.src_path
        with self.changed:
            self.events.append((event.event_type, Path(path).name))
            self.changed.notify_all()

    def wait_for(
        self, name: str, kind: str | None = None, timeout: float = 10.0
    ) -> list[tuple[str, str]]:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not any(n == name and kind in (None, k) for k, n in self.events):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no event for {name}: {self.events}")
                self.changed.wait(left)
            return list(self.events)


@pytest.fixture
def watched(tmp_path: Path):
    seen = Seen()
    observer = Observer()
    observer.schedule(ContentChanges(seen), str(tmp_path), recursive=True, event_filter=CHANGES)
    observer.start()
    yield tmp_path, seen
    observer.stop()
    observer.join()


def test_a_save_is_passed_on_a_read_is_not(watched) -> None:
    folder, seen = watched
    hero = folder / "hero.jpg"
    hero.write_bytes(b"v1")
    (folder / "saved").write_bytes(b"x")  # the save's events all come before this one's
    seen.wait_for("saved", "closed")  # closing is the last event of a write
    assert ("closed", "hero.jpg") in seen.events
    with seen.changed:
        seen.events.clear()
    assert hero.read_bytes() == b"v1"  # a build reading the file it was told about
    (folder / "marker").write_bytes(b"x")  # events arrive in order: the read's came first
    events = seen.wait_for("marker", "closed")
    assert [n for _, n in events if n not in ("saved", "marker")] == []


def test_an_old_file_read_for_the_first_time_is_not_a_change(tmp_path: Path) -> None:
    old = tmp_path / "old.yml"
    old.write_text("decision: approved\n", encoding="utf-8")
    seen = Seen()
    # A minute later, a build reads it: its access time changes, its status time does not.
    later = ContentChanges(seen, clock=lambda: time.time() + 60)
    later.dispatch(FileModifiedEvent(str(old)))
    assert seen.events == []
    # Written now, the same event is a change.
    ContentChanges(seen).dispatch(FileModifiedEvent(str(old)))
    assert seen.events == [("modified", "old.yml")]


def test_a_rename_into_place_is_passed_on(watched) -> None:
    folder, seen = watched
    (folder / ".hero.tmp").write_bytes(b"v2")
    (folder / ".hero.tmp").rename(folder / "hero.png")
    events = seen.wait_for("hero.png")
    assert ("moved", "hero.png") in events
