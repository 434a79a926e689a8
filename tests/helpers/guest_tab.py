"""A browser tab for the guest tests: every console line and page error kept, and every
request the tab or its service worker makes, to prove none leaves the host."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

WAIT = 15_000  # ms: the deadline of every wait
NOT_FOUND = "Failed to load resource: the server responded with a status of 404"
REFUSED = (
    "This review link cannot be opened: it is incomplete, expired or revoked. "
    "Ask the person who sent it for a new one."
)


@dataclass
class Tab:
    page: object
    context: object
    said: list[str] = field(default_factory=list)  # console messages and page errors
    notes: list[str] = field(default_factory=list)  # the browser's 404 notes, with their URL
    requests: list[str] = field(default_factory=list)  # every URL asked, worker's included

    def quiet(self, allowed_404: tuple[str, ...] = ()) -> None:
        """Nothing on the console, but the browser's notes of the 404s expected."""
        assert self.said == [], self.said
        unexpected = [url for url in self.notes if not url.endswith(allowed_404)]
        assert unexpected == [], unexpected

    def stayed_on(self, base: str) -> None:
        """No request went to another host."""
        away = [u for u in self.requests if not u.startswith((base + "/", "blob:", "data:"))]
        assert away == [], away


@contextmanager
def guest_tab(browser: object, **options: object) -> Iterator[Tab]:
    """A tab in a fresh context. Playwright's polling waits evaluate their predicate as a
    string, which the decrypted pages' Content-Security-Policy forbids: the tests' own
    waits pass it (``bypass_csp``), while ``test_the_pages_policy_holds_in_the_browser``
    opens a page without that and proves the policy holds."""
    options.setdefault("bypass_csp", True)
    context = browser.new_context(accept_downloads=True, **options)  # type: ignore[attr-defined]
    page = context.new_page()
    found = Tab(page, context)

    def console(msg) -> None:
        if msg.text.startswith(NOT_FOUND):
            found.notes.append(msg.location.get("url", "").split("#")[0])
        else:
            found.said.append(f"{msg.type}: {msg.text}")

    page.on("console", console)
    page.on("pageerror", lambda exc: found.said.append(f"pageerror: {exc}"))
    context.on("request", lambda request: found.requests.append(request.url))
    try:
        yield found
    finally:
        context.close()
