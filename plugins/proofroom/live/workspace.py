"""The model of a workspace kept between the rebuilds of a live preview.

A save in the editor should show in the browser within a second or so. Reading the whole
history again (one ``git log`` over every commit) and parsing every decision file on each
save would take several seconds on a large workspace, so the preview keeps:

- the committed history, read again only when the branch tip moves (a commit, a
  checkout); the work tree's changes are laid over a copy of it on every rebuild;
- every parsed brief and decision file, parsed again only when the file changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..core.git.history import History, add_working_copy, fork_history, head_of, read_history
from ..core.inputs.filememo import FileMemo
from ..core.model import Workspace
from ..core.settings import Settings
from ..core.workspace import history_scope, load_workspace


@dataclass
class LiveWorkspace:
    memo: FileMemo = field(default_factory=FileMemo)
    history_reads: int = 0  # full passes over git history so far
    _committed: History | None = None
    _key: tuple | None = None  # (config, tip) the committed history was read for

    def load(self, cfg: Settings, *, now: datetime | None = None) -> tuple[Workspace, History]:
        """The model now: like :func:`load_workspace`, reusing what has not changed."""
        top, prefixes = history_scope(cfg)
        key = (cfg.root, cfg.ref, prefixes, head_of(top, cfg.ref))
        if self._committed is None or key != self._key:
            self._committed = read_history(top, ref=cfg.ref, prefixes=prefixes)
            self._key = key
            self.history_reads += 1
        history = fork_history(self._committed)
        if cfg.working_copy:
            add_working_copy(top, history, prefixes)
        return load_workspace(cfg, now=now, history=history, memo=self.memo)
