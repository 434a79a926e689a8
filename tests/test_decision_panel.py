"""The decision panel and the zoom, as HTML: hooks, values, escaping, and when they show.

The panel holds everything its script needs in data attributes; every value that comes
from a file (asset path, stage names, logins, the owner) must stay text.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from helpers.html import HOSTILE_TEXT, Node, parse, render, split_page
from helpers.models import REPO, asset, campaign_with, media, version
from helpers.review_scenario import PATH, TEAM, at, hero, page_of, scenario

from proofroom.core.inputs.decision_files import decision_path
from proofroom.core.model import DECISIONS, Deliverable, DeliverableSpec, StageState
from proofroom.site import STATIC_DIR, review_page
from proofroom.site.decision_panel import (
    LOGIN_PATTERN,
    SCRIPT_MESSAGES,
    branch_name,
    decision_folder,
    new_file_url,
)
from proofroom.site.lang import STRINGS

HOSTILE_FILE = 'a"><img src=x onerror=alert(3)>{{ x }}.png'


def form_of(tree: Node) -> Node:
    (form,) = tree.find_all("form", data_proofroom="decision-form")
    return form


def hooks(tree: Node, name: str) -> list[Node]:
    return tree.find_all(data_proofroom=name)


def build(a, d=None, *, repo_url: str | None = REPO, branch: str = "main", lang: str = "en", **bkw):
    c = campaign_with(a, deliverables=[d] if d else [], **bkw)
    page = review_page(c, a, d, media, lang, repo_url=repo_url, branch=branch, team=TEAM)
    _, body = split_page(page.markdown)
    rendered = render(body)
    assert rendered.strip() == body.strip()  # raw HTML that Markdown leaves alone
    return body, parse(rendered)


def test_form_hooks_names_and_values() -> None:
    a, d, _ = scenario()
    _, body, tree = page_of(a, d)
    form = form_of(tree)
    radios = form.find_all("input", name="decision")
    assert [r.attrs["value"] for r in radios] == list(DECISIONS)
    assert all(r.attrs["type"] == "radio" for r in radios)
    (reviewer,) = form.find_all("input", name="reviewer")
    assert reviewer.attrs["type"] == "text"
    assert reviewer.attrs["pattern"] == LOGIN_PATTERN
    (summary,) = form.find_all("input", name="summary")
    assert summary.attrs["type"] == "text"
    (pre,) = hooks(form, "decision-yaml")
    assert pre.tag == "pre"
    (propose,) = hooks(form, "propose-on-github")
    (download,) = hooks(form, "download-yaml")
    assert propose.tag == download.tag == "a"
    # Disabled until the script has a complete decision: no href yet.
    assert "href" not in propose.attrs and propose.attrs["aria-disabled"] == "true"
    assert "href" not in download.attrs and "download" in download.attrs
    assert hooks(form, "copy-yaml")[0].attrs.get("disabled") is None  # present, boolean
    current = a.current
    assert form.attrs["data-asset"] == PATH
    assert form.attrs["data-sha"] == current.blob and len(current.blob) == 40
    assert form.attrs["data-version"] == "3"
    assert form.attrs["data-new-url"] == f"{REPO}/new/main"
    assert form.attrs["data-folder"] == "reviews/soldes/hero"
    messages = json.loads(form.attrs["data-messages"])
    assert set(messages) == set(SCRIPT_MESSAGES)
    # The viewer and the form name the same content: the script checks it.
    (viewer,) = hooks(tree, "viewer")
    assert viewer.attrs["data-sha"] == form.attrs["data-sha"]
    assert "no-repo" not in body


def test_the_folder_is_the_canonical_one_of_the_cli() -> None:
    when = datetime(2027, 3, 1, 8, 5, tzinfo=UTC)
    for rel in ("hero.jpg", "social/story 1.png", ".keep", "archive.tar.gz", "noext"):
        path = f"assets/soldes/{rel}"
        canonical = decision_path(path, "alice", when)
        folder = decision_folder(path, "soldes", rel, "reviews")
        assert f"{folder}/20270301T0805Z-alice.yml" == canonical
    assert decision_folder("elsewhere/x.png", "soldes", "x.png", "reviews") is None


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("HEAD", "main"),
        ("", "main"),
        ("main", "main"),
        ("refs/heads/release/2027", "release/2027"),
        ("origin/prod", "prod"),
        ("refs/remotes/origin/next", "next"),
    ],
)
def test_branch_names(ref: str, expected: str) -> None:
    assert branch_name(ref) == expected


def test_new_file_url_needs_a_web_address() -> None:
    assert new_file_url("https://github.com/acme/brand/", "HEAD") == (
        "https://github.com/acme/brand/new/main"
    )
    assert new_file_url("https://github.com/acme/brand", "feat/a b") == (
        "https://github.com/acme/brand/new/feat/a%20b"
    )
    for bad in (None, "", "javascript:alert(1)//", "github.com/acme/brand", "file:///etc"):
        assert new_file_url(bad, "main") is None


def test_no_propose_link_without_repo_url_but_a_download() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d, repo_url=None)
    form = form_of(tree)
    assert hooks(form, "propose-on-github") == []
    assert "data-new-url" not in form.attrs
    assert len(hooks(form, "download-yaml")) == 1
    (note,) = hooks(form, "no-repo")
    assert "repo_url" in note.text


def test_a_hostile_repo_url_gives_no_link() -> None:
    a, d, _ = scenario()
    _, _body, tree = page_of(a, d, repo_url="javascript:alert(1)")
    assert hooks(tree, "propose-on-github") == []
    assert "javascript:" not in form_of(tree).attrs.get("data-new-url", "")


def test_no_panel_and_no_zoom_without_a_version() -> None:
    a = asset("hero.jpg", [])
    d = Deliverable("hero", "soldes", "hero.jpg", a, DeliverableSpec("hero", "hero.jpg"))
    _body, tree = build(a, d)
    assert hooks(tree, "decision-form") == []
    assert hooks(tree, "decide") == []
    assert hooks(tree, "zoom") == [] and hooks(tree, "lightbox") == []


def test_stage_choice_only_when_several_stages_are_open_to_choose() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d)
    (select,) = form_of(tree).find_all("select", name="stage")
    options = select.find_all("option")
    assert [o.attrs["value"] for o in options] == ["", "brand", "legal"]
    assert options[1].attrs["data-approvers"] == "alice bob"
    single = scenario(stages=[StageState("brand", ("alice",), 1)])
    _, _, tree = page_of(single[0], single[1])
    assert form_of(tree).find_all("select") == []
    _, _, tree = page_of(hero(), None)  # not a deliverable: no stages at all
    assert form_of(tree).find_all("select") == []


def test_hostile_strings_from_files_stay_text() -> None:
    path = f"assets/soldes/{HOSTILE_FILE}"
    a = asset(HOSTILE_FILE, [version(1, path, at(9, 9))])
    hostile_stage = StageState('br"and<script>alert(5)</script>', ('al"ice', "<b>bob</b>"), 1)
    d = Deliverable("x", "soldes", HOSTILE_FILE, a, DeliverableSpec("x", HOSTILE_FILE))
    d.stages = [hostile_stage, StageState("legal", ("carol",), 1)]
    body, tree = build(a, d, owner=HOSTILE_TEXT, repo_url="https://github.com/a/b?x=<y>")
    form = form_of(tree)
    assert form.attrs["data-asset"] == path
    assert form.attrs["data-folder"] == f"reviews/soldes/{HOSTILE_FILE.rsplit('.', 1)[0]}"
    option = form.find("option", value=hostile_stage.name)
    assert option.attrs["data-approvers"] == 'al"ice <b>bob</b>'
    assert hostile_stage.name in option.text
    assert HOSTILE_TEXT in hooks(form, "no-account")[0].text
    # Nothing from a file became markup: no element, attribute or template call appeared.
    assert not [n for n in tree.iter() if n.tag in ("script", "svg", "b")]
    assert not [n for n in tree.iter() if any(k.startswith("on") for k in n.attrs)]
    assert "{{" not in body and "{%" not in body
    assert "<script>" not in body and "<img src=x" not in body
    assert form.attrs["data-new-url"] == "https://github.com/a/b?x=<y>/new/main"


def test_drawing_tools_only_over_a_picture() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d)
    assert hooks(tree, "decide")[0].attrs.get("data-draw") == "true"
    assert len(hooks(tree, "add-pin")) == len(hooks(tree, "add-box")) == 1
    assert len(hooks(tree, "add-comment")) == 1
    clip = asset("spot.mp4", [version(1, "assets/soldes/spot.mp4", at(9, 9))], kind="video")
    _, tree = build(clip)
    assert len(hooks(tree, "decision-form")) == 1  # a video gets decisions too
    assert hooks(tree, "add-pin") == [] and hooks(tree, "add-box") == []
    assert len(hooks(tree, "add-comment")) == 1
    assert hooks(tree, "zoom") == [] and hooks(tree, "lightbox") == []


def test_zoom_button_and_dialog_under_the_viewer() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d)
    (viewer,) = hooks(tree, "viewer")
    (button,) = hooks(viewer, "zoom")
    assert hooks(viewer, "lightbox") == []  # one picture in the viewer: the version's
    (dialog,) = hooks(tree, "lightbox")
    assert button.tag == "button" and button.attrs["type"] == "button"
    assert dialog.tag == "dialog" and "open" not in dialog.attrs
    assert button.attrs["aria-controls"] == dialog.attrs["id"]
    img = dialog.find("img")
    assert "src" not in img.attrs  # fetched on the first opening only
    assert img.attrs["data-src"].endswith("assets/soldes/hero.jpg")
    actions = [b.attrs["data-zoom"] for b in dialog.find_all("button")]
    assert actions == ["out", "in", "reset", "close"]
    assert all(b.attrs.get("aria-label") for b in dialog.find_all("button"))


def test_working_copy_decisions_name_the_content_only() -> None:
    a = hero()
    a.history.versions.append(
        replace(a.versions[-1], number=4, blob="c" * 40, landed=None, made=None, working_copy=True)
    )
    _, tree = build(a)
    form = form_of(tree)
    assert form.attrs["data-sha"] == "c" * 40
    assert "data-version" not in form.attrs


def test_french_panel() -> None:
    a, d, _ = scenario()
    _, _, tree = page_of(a, d, lang="fr")
    panel = hooks(tree, "decide")[0]
    assert panel.find("h2").text == "Votre décision"
    choices = [lab.text.strip() for lab in panel.find_all("label")][:5]
    assert choices == [
        "approuvé",
        "approuvé avec modifications",
        "modifications demandées",
        "refusé",
        "commentaire",
    ]
    messages = json.loads(form_of(tree).attrs["data-messages"])
    assert messages["decide_missing_decision"] == "Choisissez une décision."
    assert hooks(tree, "zoom")[0].text == "Agrandir"


def test_every_panel_string_exists_in_both_languages() -> None:
    keys = [k for k in STRINGS["en"] if k.startswith(("decide_", "zoom_"))]
    assert len(keys) > 30
    for key in keys:
        assert key in STRINGS["fr"], key
        assert STRINGS["fr"][key] != STRINGS["en"][key] or key == "decide_stage_option", key


def test_script_never_parses_html_and_css_follows_the_theme() -> None:
    scripts = ("decide.js", "decide-yaml.js", "decide-marks.js")  # the panel and its parts
    js = "".join((STATIC_DIR / name).read_text(encoding="utf-8") for name in scripts)
    css = (STATIC_DIR / "decide.css").read_text(encoding="utf-8")
    for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert banned not in js
    for needle in ('"decision-form"', "localStorage", "encodeURIComponent", "showModal"):
        assert needle in js
    assert "http://" not in js and "https://" not in js  # no request leaves the site
    assert "--md-default-bg-color" in css and '[data-md-color-scheme="slate"]' in css
