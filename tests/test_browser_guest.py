"""Guests' decisions in a real Chromium: decide-sign.js signs exactly what Python signs,
and a review page holding a review link's terms (the proofroom-guest element of a
guest's page) makes a signed decision that ``proofroom import`` files and ``validate``
accepts, on the real repository the site was built from."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from helpers.browser import Guard, Site, serve, watched_page
from helpers.cli import invoke, no_traceback
from helpers.gitrepo import GitRepo, copy_repo

from proofroom.core.inputs.guest_signatures import canonical, sign
from proofroom.core.secret import decision_key, link_key, site_secret

pytestmark = pytest.mark.e2e

SECRET = "A" * 43
ENV = {"PROOFROOM_SECRET": SECRET}
SHARE = "k3v9q2m7x4t8"
NOW = "2027-02-01T10:00:00Z"
REVIEW_PAGE = "campaigns/soldes/review/hero/index.html"
KEY = link_key(decision_key(site_secret(ENV), SHARE))

TRICKY: list[dict] = [
    {"summary": 'He said "hi" \\ and \\\\ back\\slash /'},
    {"summary": "line\nbreak\r\nand\ttab"},
    {"summary": "\x00\x01\x08\x0b\x0c\x1f\x7f\x80\x9f controls"},
    {"summary": "emoji 🎨👍🏽 family 👨‍👩‍👧 flag 🇫🇷"},
    {"summary": "separators\u2028line\u2029paragraph \ufeff bom"},
    {"summary": "é e\u0301 ñ Ω ß ﬁ 中文 עברית"},
    {"summary": "lone \ud800 surrogate \udfff"},
    {"comments": [{"text": "pin", "pin": [0.1, 0.30000000000000004]}]},
    {"comments": [{"text": "pin", "pin": [1.0, 0]}]},
    {"numbers": [1e-7, 1e21, 1e-6, 1.5e-7, 123e-20, 1e20, -0.0, -1.5, 5e-324]},
    {"numbers": [12345678901234567890, 2**53 + 1, -(2**60), 2**53, 0]},
    {
        "comments": [
            {"text": "box", "box": [0.1, 0.2, 0.3, 0.4], "page": 2},
            {"text": "time", "time": 12.4, "pin": [0.333, 0.667]},
            {"text": "nested", "extra": {"a": {"b": [{"c": ""}, {}, [], None, {"d": "x"}]}}},
        ]
    },
    {"summary": "", "stage": None, "comments": [], "extra": {}},
    {"é": 1, "z": 2, "A": 3, "\U0001f600": 4, "\uffff": 5, "a b": 6, "": 7},
    {"flags": [True, False, None], "version": 3},
    {"summary": "</script><script>alert(1)</script> & <b>"},
    {"signature": "left out of what is signed", "summary": "x"},
    {"summary": "x" * 3000},
]


def _decision(extra: dict) -> dict:
    base = {
        "asset": "assets/soldes/hero.jpg",
        "sha": "8f3a2c1d9e0b",
        "reviewer": "client-acme",
        "decision": "changes_requested",
        "share": SHARE,
    }
    return {**base, **extra}


def test_the_browser_signs_what_python_signs(page, site: Site) -> None:
    page.goto(site.hero)
    script = """async ([text, key]) => {
        const d = JSON.parse(text);
        const s = window.proofroom.decisionSign;
        return [s.canonical(d), await s.sign(key, d)];
    }"""
    key = decision_key(site_secret(ENV), SHARE)
    assert len(TRICKY) >= 15
    for extra in TRICKY:
        data = _decision(extra)
        text, signature = page.evaluate(script, [json.dumps(data), link_key(key)])
        assert text.encode("utf-8") == canonical(data), extra
        assert signature == sign(key, data), extra


# ---------------------------------------------------------------- a guest's page


@contextmanager
def guest_site(site: Site, tmp_path: Path, terms: dict | None) -> Iterator[Site]:
    """A copy of the built site whose hero page holds ``terms`` (None: as built)."""
    root = tmp_path / "site"
    shutil.copytree(site.root, root)
    if terms is not None:
        page = root / REVIEW_PAGE
        element = (
            '<script type="application/json" id="proofroom-guest">'
            + json.dumps(terms).replace("<", "\\u003c")
            + "</script>"
        )
        html = page.read_text("utf-8")
        page.write_text(html.replace("</body>", element + "</body>", 1), "utf-8")
    server, thread = serve(root)
    try:
        yield Site(site.repo, root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _terms(can: str = "decide") -> dict:
    return {
        "share": SHARE,
        "to": "client-acme",
        "can": can,
        "campaign": "soldes",
        "sign_key": KEY if can != "view" else None,
        "expires_at": "2027-03-01T22:59:59Z",
    }


def _yaml(tab) -> str:
    tab.wait_for_function(
        "() => /signature: /.test(document.querySelector("
        "'[data-proofroom=\"decision-yaml\"]').textContent)"
    )
    return tab.locator('[data-proofroom="decision-yaml"]').text_content()


def _signed_yaml(tab, expected: str) -> str:
    """The YAML once signed for what the form now holds (``expected`` is in it)."""
    tab.wait_for_function(
        """(want) => {
            const text = document.querySelector('[data-proofroom="decision-yaml"]').textContent;
            return text.includes(want) && /signature: /.test(text);
        }""",
        arg=expected,
    )
    return tab.locator('[data-proofroom="decision-yaml"]').text_content()


def _picture(tab) -> dict:
    img = tab.locator('[data-proofroom="viewer"] .proofroom-viewer__stage img')
    img.evaluate("i => i.scrollIntoView({block: 'center'})")
    box = img.bounding_box()
    assert box and box["width"] > 100
    return box


def _shared_repo(site: Site, tmp_path: Path) -> GitRepo:
    repo = copy_repo(site.repo.path, tmp_path / "repo")
    repo.write(
        "reviews/soldes/shares.yml",
        f"shares:\n  - id: {SHARE}\n    to: client-acme\n    assets: [hero.jpg]\n"
        "    expires: 2027-03-01\n    can: decide\n    created_by: marie\n"
        "    created_at: 2027-01-21T10:00:00Z\n",
    )
    repo.commit("A review link for the client", date="2027-01-21T11:00:00Z")
    return repo


def test_a_guest_signs_a_decision_that_import_and_validate_accept(
    browser, site: Site, tmp_path: Path
) -> None:
    with guest_site(site, tmp_path, _terms()) as guest:
        guard = Guard(origin=guest.base)
        with watched_page(browser, guest, guard) as tab:
            tab.goto(guest.hero)
            reviewer = tab.locator('input[name="reviewer"]')
            assert reviewer.input_value() == "client-acme"
            assert reviewer.get_attribute("readonly") is not None
            assert tab.locator('[data-proofroom="propose-on-github"]').is_hidden()
            tab.locator('input[name="decision"][value="changes_requested"]').check()
            tab.locator('input[name="summary"]').fill('Le logo "trop" petit é 🎨')
            tab.locator('[data-proofroom="add-pin"]').click()
            box = _picture(tab)
            tab.mouse.click(box["x"] + 0.25 * box["width"], box["y"] + 0.5 * box["height"])
            tab.keyboard.type("Agrandir le logo")
            text = _signed_yaml(tab, "Agrandir le logo")
            email = tab.locator('[data-proofroom="email-yaml"]')
            assert email.is_visible()
            href = email.get_attribute("href")
            assert href.startswith("mailto:?subject=")
            query = parse_qs(urlsplit(href).query)
            assert query["subject"] == ["Decision on assets/soldes/hero.jpg"]
            assert query["body"] == [text]
    lines = text.splitlines()
    assert lines[-2] == f'share: "{SHARE}"'
    assert re.fullmatch(r'signature: "[A-Za-z0-9_-]{43}"', lines[-1])
    data = yaml.safe_load(text)
    assert data["comments"][0]["pin"] == pytest.approx([0.25, 0.5], abs=0.01)
    assert data["reviewer"] == "client-acme" and data["share"] == SHARE

    repo = _shared_repo(site, tmp_path)
    source = tmp_path / "from-the-guest.yml"
    source.write_text(text, "utf-8")
    result = invoke("-C", str(repo.path), "import", str(source), "--now", NOW, env=ENV)
    no_traceback(result.output)
    assert result.exit_code == 0, result.output
    written = result.stdout.splitlines()[0]
    assert written == "reviews/soldes/hero/20270201T1000Z-client-acme.yml"
    assert yaml.safe_load((repo.path / written).read_text("utf-8")) == data
    repo.commit("Decision of client-acme (imported)", date="2027-02-01T10:05:00Z")
    checked = invoke("-C", str(repo.path), "validate", "--now", NOW, env=ENV)
    no_traceback(checked.output)
    assert checked.exit_code == 0, checked.output
    assert SHARE in (repo.path / written).read_text("utf-8")


def test_each_change_signs_again_and_a_long_decision_is_not_mailed(
    browser, site: Site, tmp_path: Path
) -> None:
    with guest_site(site, tmp_path, _terms()) as guest:
        guard = Guard(origin=guest.base)
        with watched_page(browser, guest, guard) as tab:
            tab.goto(guest.hero)
            tab.locator('input[name="decision"][value="approved"]').check()
            first = _yaml(tab)
            tab.locator('input[name="summary"]').fill("Bon")
            second = _signed_yaml(tab, 'summary: "Bon"')
            assert first.splitlines()[-1] != second.splitlines()[-1]
            tab.locator('input[name="summary"]').fill("x" * 1900)
            _signed_yaml(tab, "x" * 1900)
            assert tab.locator('[data-proofroom="email-yaml"]').is_hidden()
            note = tab.locator('[data-proofroom="email-too-long"]')
            assert note.is_visible()
            assert note.text_content() == (
                "Too long for an e-mail link: download it and attach it."
            )
            assert tab.locator('[data-proofroom="download-yaml"]').get_attribute("href")


def test_a_comment_link_offers_only_comments(browser, site: Site, tmp_path: Path) -> None:
    with guest_site(site, tmp_path, _terms("comment")) as guest:
        guard = Guard(origin=guest.base)
        with watched_page(browser, guest, guard) as tab:
            tab.goto(guest.hero)
            radios = tab.locator('input[name="decision"]')
            enabled = [
                radios.nth(i).get_attribute("value")
                for i in range(radios.count())
                if radios.nth(i).is_enabled()
            ]
            assert enabled == ["comment"]
            assert "decision: comment" in _yaml(tab)


def test_a_view_link_shows_no_form(browser, site: Site, tmp_path: Path) -> None:
    with guest_site(site, tmp_path, _terms("view")) as guest:
        guard = Guard(origin=guest.base)
        with watched_page(browser, guest, guard) as tab:
            tab.goto(guest.hero)
            assert tab.locator('[data-proofroom="decision-form"]').is_hidden()
            note = tab.locator('[data-proofroom="guest-view"]')
            assert note.text_content() == "This link lets you see the work, not decide on it."


def test_the_public_page_has_no_guest_parts(page, site: Site) -> None:
    page.goto(site.hero)
    page.locator('input[name="decision"][value="approved"]').check()
    page.locator('input[name="reviewer"]').fill("bob")
    text = page.locator('[data-proofroom="decision-yaml"]').text_content()
    assert "share:" not in text and "signature:" not in text
    assert page.locator('[data-proofroom="email-yaml"]').is_hidden()
    assert page.locator('[data-proofroom="email-too-long"]').is_hidden()
    assert page.locator('[data-proofroom="propose-on-github"]').is_visible()
