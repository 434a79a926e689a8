"""A static host on 127.0.0.1 that serves byte ranges and logs every request.

Python's ``http.server`` answers a ``Range`` header with the whole file; real hosts (GitHub
Pages, a CDN) answer with 206 and the bytes asked, and a private site's service worker asks
for just the sealed chunks it needs. This host does the same, keeps a log of what was
asked (path, ``Range``, status) for the tests to read, serves ``404.html`` with a 404 as
GitHub Pages does, and can be told to ignore ``Range`` (``ranges = False``), as some
hosts do.
"""

from __future__ import annotations

import contextlib
import mimetypes
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

PIECE = 64 * 1024  # bytes written at a time


@dataclass(frozen=True)
class Logged:
    path: str
    range: str | None
    status: int


@dataclass
class Host:
    """What the server serves and what it saw."""

    root: Path
    base: str = ""
    ranges: bool = True  # False: answer a Range header with the whole file (200)
    log: list[Logged] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def seen(self, path: str) -> list[Logged]:
        """The requests for ``path`` (site-relative, no leading slash) so far."""
        with self.lock:
            return [x for x in self.log if x.path == "/" + path.lstrip("/")]


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) of a single ``bytes=`` range; None when it cannot be satisfied."""
    found = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not found or not any(found.groups()):
        return None
    first, last = found.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(0, size - int(last)), size - 1
    return (start, end) if start < size and start <= end and (first or int(last)) else None


class _Handler(BaseHTTPRequestHandler):
    host: Host  # set on the subclass made per server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        # the browser may close a connection it kept alive
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def _record(self, path: str, status: int) -> None:
        with self.host.lock:
            self.host.log.append(Logged(path, self.headers.get("Range"), status))

    def _file(self, path: str) -> Path | None:
        root = self.host.root.resolve()
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if not path.endswith("/") and (self.host.root / path.lstrip("/")).is_dir():
            self._record(path, 301)
            self.send_response(301)
            self.send_header(
                "Location", parts.path + "/" + (f"?{parts.query}" if parts.query else "")
            )
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        target = self._file(path)
        if target is None:
            self._send(path, 404, self._file("/404.html"), None, body)
        else:
            self._send(path, 200, target, self.headers.get("Range"), body)

    def _send(
        self, path: str, status: int, target: Path | None, asked: str | None, body: bool
    ) -> None:
        size = target.stat().st_size if target else 0
        start, end = 0, size - 1
        if asked and self.host.ranges and status == 200:
            span = _byte_range(asked, size)
            if span is None:
                self._record(path, 416)
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            (start, end), status = span, 206
        self._record(path, status)
        self.send_response(status)
        kind = mimetypes.guess_type(target.name)[0] if target else None
        self.send_header("Content-Type", kind or "application/octet-stream")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes" if self.host.ranges else "none")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if body and target is not None:
            with target.open("rb") as f:
                f.seek(start)
                self._copy(f, end - start + 1)

    def _copy(self, source: BinaryIO, length: int) -> None:
        try:
            while length > 0:
                piece = source.read(min(PIECE, length))
                if not piece:
                    return
                self.wfile.write(piece)
                length -= len(piece)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the browser moved on (a seek, a closed page)


@contextmanager
def range_host(root: Path) -> Iterator[Host]:
    """Serve ``root`` on 127.0.0.1 (a secure context, where service workers run)."""
    host = Host(root)
    handler = type("Handler", (_Handler,), {"host": host})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    host.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield host
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
