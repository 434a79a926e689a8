"""The live preview's file watcher: the system's change notifications, not polling.

MkDocs watches with a polling observer: it lists every watched folder twice a second (ten
thousand files on a large workspace, work that slows the build it waits for) and sees a
save up to half a second late. Where the system reports changes itself (inotify on Linux,
FSEvents on macOS, ReadDirectoryChangesW on Windows) the preview moves MkDocs' own handlers
onto watchdog's native observer before it starts.

Notifications also report files being opened and read, and a read can update a file's
access time, which arrives as a "modified" event: every build reads files, so passing
those on would rebuild forever. Only changes of content, name or existence are passed on.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

log = logging.getLogger(__name__)

CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent]
RECENT_S = 2.0  # a status change older than this is not the event being reported


def _stamp(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class ContentChanges(FileSystemEventHandler):
    """Passes ``inner`` the events that change what a build reads.

    A "modified" event is dropped when the file is as it was at the last event passed on
    (a read after a save), or when its status last changed before the event (a read of an
    old file updating its access time: that changes neither modification nor status time).
    """

    def __init__(self, inner: FileSystemEventHandler, *, clock=time.time) -> None:
        super().__init__()
        self.inner = inner
        self.clock = clock
        self.stamps: dict[str, tuple[int, int, int] | None] = {}

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        path = os.fsdecode(event.src_path)
        if isinstance(event, FileModifiedEvent):
            stamp = _stamp(path)
            if stamp is not None and (
                self.stamps.get(path) == stamp or self.clock() - stamp[2] / 1e9 > RECENT_S
            ):
                return
        self.stamps[path] = _stamp(path)
        if isinstance(event, FileMovedEvent):
            dest = os.fsdecode(event.dest_path)
            self.stamps[dest] = _stamp(dest)
        self.inner.dispatch(event)


def use_native_watcher(server: Any) -> bool:
    """Move the handlers MkDocs scheduled on its polling observer to the native one.

    Returns whether it did; anything unexpected (another MkDocs or watchdog) leaves the
    server as it was.
    """
    try:
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        old = server.observer
        if Observer is PollingObserver or not isinstance(old, PollingObserver):
            return False
        if old.is_alive():
            return False
        new = Observer(timeout=0.05)
        refs = {}
        for path, watch in server._watch_refs.items():
            for handler in old._handlers.get(watch, ()):
                refs[path] = new.schedule(
                    ContentChanges(handler),
                    path,
                    recursive=watch.is_recursive,
                    event_filter=CHANGES,
                )
        server.observer = new
        server._watch_refs = refs
        # Paths watched from now on (MkDocs' `watch:` entries) are wrapped too.
        original_schedule = new.schedule

        def schedule(handler: FileSystemEventHandler, path: str, **kw: Any) -> Any:
            kw.setdefault("event_filter", CHANGES)
            return original_schedule(ContentChanges(handler), path, **kw)

        new.schedule = schedule  # type: ignore[method-assign,assignment]
    except Exception as exc:
        log.debug(f"keeping the polling file watcher: {exc}")
        return False
    return True
