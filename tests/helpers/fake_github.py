"""A local stand-in for the GitHub REST API: a server on 127.0.0.1 in a thread that
answers from recorded responses (tests/fixtures/github) and records every request."""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "github"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"[]"
    headers: dict[str, str] = field(default_factory=dict)  # "{base}": the server's address


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lowercased names


class FakeGitHub:
    """Routes ``(path, page)`` to replies, consumed in order (the last one repeats)."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.seen: list[Seen] = []
        self.base = ""
        self._lock = threading.Lock()

    def route(self, path: str, *replies: Reply, page: str = "1") -> None:
        self.routes[(path, page)] = list(replies)

    def paths(self) -> list[str]:
        return [
            s.path + (f"?page={s.query['page']}" if "page" in s.query else "") for s in self.seen
        ]

    def answer(self, raw_path: str, headers: dict[str, str]) -> Reply:
        parts = urllib.parse.urlsplit(raw_path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        with self._lock:
            self.seen.append(Seen(parts.path, query, headers))
            replies = self.routes.get((parts.path, query.get("page", "1")))
            if not replies:
                return Reply(404, fixture("error-404.json"))
            return replies.pop(0) if len(replies) > 1 else replies[0]


@contextmanager
def fake_github() -> Iterator[FakeGitHub]:
    """A FakeGitHub serving on a free port until the block ends."""
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reply = fake.answer(self.path, {k.lower(): v for k, v in self.headers.items()})
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value.replace("{base}", fake.base))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
