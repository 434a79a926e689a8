"""The guest runtime of a private site: its three scripts and the few pages in clear.

A private site holds only ciphertext, except what this module writes: the scripts under
``s/`` (``loader.js`` opens a review link, ``sw.js`` is the service worker that serves the
decrypted pages and media, ``guest.js`` runs in each decrypted page), the loader page
every share folder holds (``s/<share id>/index.html``, the same bytes for every share), and
the neutral page of the site's ``index.html`` and ``404.html``. None of them holds
anything of a campaign or a share: the words are fixed, in English or French.

The scripts live in ``site/guest/``; they pick their words from the page's ``lang``. The
formats they read are described on the architecture page ("Private sites and guest
links").
"""

from __future__ import annotations

import html
from pathlib import Path

from proofroom.core.atomic import atomic_write

GUEST_DIR = Path(__file__).resolve().parents[1] / "site" / "guest"
SCRIPTS = ("sw.js", "loader.js", "guest.js")  # written to s/ as they are

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Review",
        "opening": "Opening…",
        "noscript": "This review opens in a browser with JavaScript turned on.",
        "private_title": "Private site",
        "private": (
            "This site is private: it opens only with a review link. A link that led here "
            "has expired or was revoked; ask the person who sent it for a new one."
        ),
    },
    "fr": {
        "title": "Revue",
        "opening": "Ouverture…",
        "noscript": "Cette revue s’ouvre dans un navigateur où JavaScript est activé.",
        "private_title": "Site privé",
        "private": (
            "Ce site est privé : il ne s’ouvre qu’avec un lien de revue. Un lien qui mène "
            "ici a expiré ou a été révoqué ; demandez-en un nouveau à la personne qui vous "
            "l’a envoyé."
        ),
    },
}

# The loader page runs one script of the site and fetches one file of it; nothing else.
_LOADER_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; worker-src 'self'; "
    "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)
_NEUTRAL_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE = "body{font:1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}"


def _language(lang: str) -> str:
    """``fr``, ``fr_FR``, ``fr-CA`` -> ``fr``; a language without words here -> ``en``."""
    code = (lang or "en").replace("_", "-").split("-", 1)[0].lower()
    return code if code in _WORDS else "en"


def _document(lang: str, title: str, body: str, policy: str | None = None) -> str:
    code = _language(lang)
    csp = f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n' if policy else ""
    return (
        "<!doctype html>\n"
        f'<html lang="{code}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"{csp}"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex,nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'  # no request for a favicon the site lacks
        f"<style>{_STYLE}</style>\n"
        "</head>\n"
        f"<body>\n{body}</body>\n"
        "</html>\n"
    )


def loader_page(lang: str) -> str:
    """``s/<share id>/index.html``: the same document for every share of the site."""
    words = _WORDS[_language(lang)]
    body = (
        f'<p role="status">{html.escape(words["opening"])}</p>\n'
        f"<noscript><p>{html.escape(words['noscript'])}</p></noscript>\n"
        '<script src="../loader.js"></script>\n'
    )
    return _document(lang, words["title"], body, _LOADER_POLICY)


def neutral_page(lang: str) -> str:
    """The site's ``index.html`` and ``404.html``: the site is private, nothing more."""
    words = _WORDS[_language(lang)]
    body = f"<p>{html.escape(words['private'])}</p>\n"
    return _document(lang, words["private_title"], body, _NEUTRAL_POLICY)


def write_runtime(site_dir: Path, lang: str) -> None:
    """Write the guest runtime's scripts to ``site_dir/s/``.

    The scripts are the same bytes on every site, whatever ``lang``: they take their words
    from the page's ``<html lang>``, which :func:`loader_page` sets from the same ``lang``.
    """
    folder = site_dir / "s"
    for name in SCRIPTS:
        atomic_write(folder / name, (GUEST_DIR / name).read_bytes())
