"""The panel where a reviewer writes a decision (``data-proofroom="decision-form"``).

The page holds no server: the form only gathers the decision; ``decide.js`` runs the
panel, ``decide-marks.js`` draws pins and boxes, and ``decide-yaml.js`` writes the YAML of
a decision file, which the panel offers as a GitHub create-file link and a download. Everything the
script needs (asset path, blob sha, canonical folder, messages) sits in ``data-``
attributes, escaped like any text from a file; the script only reads them back as text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from proofroom.core.inputs.decision_files import decision_path
from proofroom.core.model import DECISIONS, Version
from proofroom.site.html import Html, attrs, block, start, tag, void
from proofroom.site.lang import decision_label, t
from proofroom.site.review_context import ReviewContext

LOGIN_PATTERN = "^[A-Za-z0-9][A-Za-z0-9-]{0,38}$"
DEFAULT_BRANCH = "main"

# Messages the script shows; placeholders ({n}, {login}...) are filled in as text.
SCRIPT_MESSAGES = (
    "decide_missing_decision",
    "decide_missing_reviewer",
    "decide_bad_reviewer",
    "decide_missing_text",
    "decide_ready",
    "decide_ready_no_repo",
    "decide_ready_guest",
    "decide_email_subject",
    "decide_guest_view",
    "decide_cannot_sign",
    "decide_too_long",
    "decide_copied",
    "decide_copy_failed",
    "decide_general",
    "decide_pin_at",
    "decide_box_at",
    "decide_text_of",
    "decide_remove",
    "decide_remove_n",
    "decide_mark_label",
    "decide_pin_mode",
    "decide_box_mode",
)


def branch_name(ref: str | None) -> str:
    """The branch a create-file link targets, from the ref the site was built from.

    The build passes ``main`` for ``HEAD``; a full ref (``refs/heads/x``) or a remote
    branch (``origin/x``) becomes its short name, because GitHub's ``/new/`` wants one.
    """
    name = (ref or "").strip()
    for prefix in ("refs/heads/", "refs/remotes/origin/", "origin/"):
        name = name.removeprefix(prefix)
    return DEFAULT_BRANCH if name in ("", "HEAD") else name


def new_file_url(repo_url: str | None, branch: str) -> str | None:
    """``<repo_url>/new/<branch>`` (query added by the script); None without a web address.

    Only http(s) addresses qualify, so a ``javascript:`` repo_url never becomes a link.
    """
    if not repo_url:
        return None
    url = repo_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{url}/new/{quote(branch_name(branch), safe='/')}"


def decision_folder(asset_path: str, campaign: str, rel: str, reviews_dir: str) -> str | None:
    """``reviews/<campaign>/<asset path without extension>``: where the decision file goes.

    Made with :func:`decision_path` itself so the site and the CLI never disagree.
    """
    suffix = f"/{campaign}/{rel}"
    if not asset_path.endswith(suffix):
        return None
    assets_dir = asset_path[: -len(suffix)] or "assets"
    when = datetime(2000, 1, 1, tzinfo=UTC)
    try:
        path = decision_path(asset_path, "x", when, reviews_dir=reviews_dir, assets_dir=assets_dir)
    except ValueError:
        return None
    return path.rsplit("/", 1)[0]


def _messages(lang: str) -> str:
    return json.dumps({key: t(lang, key) for key in SCRIPT_MESSAGES}, ensure_ascii=False)


def _owner(ctx: ReviewContext) -> str:
    brief = ctx.campaign.brief
    if brief is not None and brief.owner:
        return t(ctx.lang, "decide_owner_named", owner=brief.owner)
    return t(ctx.lang, "decide_owner_unknown")


def _decision_radios(ctx: ReviewContext) -> list[Markup]:
    lines = [
        Html('<fieldset class="proofroom-decide__decisions">'),
        tag("legend", t(ctx.lang, "decide_decision")),
    ]
    for value in DECISIONS:
        radio = void("input", type="radio", name="decision", value=value, required=True)
        label = tag("span", decision_label(ctx.lang, value))
        css = f"proofroom-decide__choice proofroom-decision--{value}"
        lines.append(tag("label", radio, Html(" "), label, class_=css))
    lines.append(Html("</fieldset>"))
    return lines


def _field(label: str, control: Markup, hint: str | None = None, *, wide: bool = False) -> Markup:
    note = tag("span", hint, class_="proofroom-decide__hint") if hint else Html()
    css = "proofroom-decide__field" + (" proofroom-decide__field--wide" if wide else "")
    name = tag("span", label, class_="proofroom-decide__label")
    return tag("label", name, control, note, class_=css)


def _stage_select(ctx: ReviewContext) -> Markup:
    """A stage choice when the current version waits on more than one stage."""
    d = ctx.deliverable
    if d is None or len(d.stages) < 2:
        return Html()
    options = [tag("option", t(ctx.lang, "decide_stage_auto"), value="")]
    for stage in d.stages:
        people = ", ".join(stage.approvers)
        label = (
            t(ctx.lang, "decide_stage_option", stage=stage.name, people=people)
            if people
            else stage.name
        )
        approvers = " ".join(stage.approvers)
        options.append(tag("option", label, value=stage.name, data_approvers=approvers))
    control = tag("select", *options, name="stage")
    return _field(t(ctx.lang, "decide_stage"), control)


def _comment_tools(ctx: ReviewContext, drawable: bool) -> list[Markup]:
    lang = ctx.lang
    lines = [
        Html('<fieldset class="proofroom-decide__comments">'),
        tag("legend", t(lang, "decide_comments")),
        Html('<div class="proofroom-decide__tools">'),
    ]
    if drawable:
        for mode in ("pin", "box"):
            button = tag(
                "button",
                t(lang, f"decide_add_{mode}"),
                type="button",
                class_="proofroom-decide__tool",
                data_proofroom=f"add-{mode}",
                data_mode=mode,
                aria_pressed="false",
            )
            lines.append(button)
    add = {"class_": "proofroom-decide__tool", "data_proofroom": "add-comment"}
    lines.append(tag("button", t(lang, "decide_add_comment"), type="button", **add))
    lines.append(Html("</div>"))
    hint = t(lang, "decide_draw_hint" if drawable else "decide_no_draw")
    lines += [
        tag("p", hint, class_="proofroom-decide__hint", data_proofroom="draw-hint"),
        Html(
            '<p class="proofroom-decide__mode" data-proofroom="draw-mode"'
            ' role="status" aria-live="polite"></p>'
        ),
        Html('<ol class="proofroom-decide__list" data-proofroom="decision-comments"></ol>'),
        Html("</fieldset>"),
    ]
    return lines


def _email_parts(lang: str, action: str) -> tuple[Markup, ...]:
    """A guest's page (a review link) sends the file by e-mail; hidden elsewhere. The
    link ends the actions; the note says when the file is too long for one."""
    link = tag(
        "a",
        t(lang, "decide_email"),
        class_=action,
        data_proofroom="email-yaml",
        aria_disabled="true",
        hidden=True,
    )
    note = tag(
        "p",
        t(lang, "decide_email_too_long"),
        class_="proofroom-decide__hint",
        data_proofroom="email-too-long",
        hidden=True,
    )
    return link, Html("</p>"), note


def _outputs(ctx: ReviewContext, new_url: str | None) -> list[Markup]:
    lang = ctx.lang
    action = "md-button proofroom-decide__action"
    lines = [
        tag("h3", t(lang, "decide_file")),
        Html(
            '<p class="proofroom-decide__missing" data-proofroom="decision-missing"'
            ' role="status" aria-live="polite"></p>'
        ),
        Html(
            '<p class="proofroom-decide__filename">{} '
            '<code data-proofroom="decision-filename"></code></p>'
        ).format(t(lang, "decide_file_name")),
        tag(
            "pre",
            class_="proofroom-decide__yaml",
            data_proofroom="decision-yaml",
            tabindex=0,
            aria_label=t(lang, "decide_file"),
        ),
        Html('<p class="proofroom-decide__actions">'),
    ]
    if new_url:
        lines.append(
            tag(
                "a",
                t(lang, "decide_propose"),
                class_="md-button md-button--primary proofroom-decide__action",
                data_proofroom="propose-on-github",
                target="_blank",
                rel="noopener",
                aria_disabled="true",
            )
        )
    lines += [
        tag(
            "a",
            t(lang, "decide_download"),
            class_=action,
            data_proofroom="download-yaml",
            download="decision.yml",
            aria_disabled="true",
        ),
        tag(
            "button",
            t(lang, "decide_copy"),
            type="button",
            class_=action,
            data_proofroom="copy-yaml",
            disabled=True,
        ),
        *_email_parts(lang, action),
        Html(
            '<p class="proofroom-decide__copied" data-proofroom="copy-status"'
            ' role="status" aria-live="polite"></p>'
        ),
    ]
    hint = "proofroom-decide__hint"
    if new_url:
        lines.append(tag("p", t(lang, "decide_github_how"), class_=hint))
    else:
        lines.append(tag("p", t(lang, "decide_no_repo"), class_=hint, data_proofroom="no-repo"))
    no_account = t(lang, "decide_no_account", owner=_owner(ctx))
    lines.append(tag("p", no_account, class_=hint, data_proofroom="no-account"))
    return lines


def _form_attrs(ctx: ReviewContext, version: Version, folder: str, new_url: str | None) -> Markup:
    return attrs(
        class_="proofroom-decide__form",
        data_proofroom="decision-form",
        data_asset=ctx.asset.path,
        data_sha=version.blob,
        # A working copy's number is not settled until it lands; the sha says it all.
        data_version=None if version.working_copy else version.number,
        data_folder=folder,
        data_new_url=new_url,
        data_login_pattern=LOGIN_PATTERN,
        data_messages=_messages(ctx.lang),
        novalidate=True,
        autocomplete="off",
    )


def decision_panel_section(ctx: ReviewContext) -> Markup:
    """The panel to write a decision on the current version; empty without a version."""
    version = ctx.asset.current
    if version is None:
        return Html()
    folder = decision_folder(ctx.asset.path, ctx.campaign.id, ctx.asset.rel, ctx.reviews_dir)
    if folder is None:  # not a file of the campaign's folder: no decision can name it
        return Html()
    lang = ctx.lang
    new_url = new_file_url(ctx.repo_url, ctx.branch)
    drawable = ctx.display_of(version) is not None
    reviewer = void(
        "input",
        type="text",
        name="reviewer",
        autocomplete="username",
        autocapitalize="none",
        spellcheck="false",
        pattern=LOGIN_PATTERN,
        maxlength=39,
        required=True,
    )
    summary = void("input", type="text", name="summary", maxlength=2000)
    root = {"class_": "proofroom proofroom-decide", "data_proofroom": "decide"}
    needs_js = t(lang, "decide_needs_js", asset=ctx.asset.path)
    lines = [
        start("div", **root, data_draw="true" if drawable else None),
        tag("h2", t(lang, "decide_title")),
        tag("p", t(lang, "decide_intro", n=version.number), class_="proofroom-decide__intro"),
        tag("noscript", tag("p", needs_js, class_="proofroom-note")),
        Html("<form{}>").format(_form_attrs(ctx, version, folder, new_url)),
        *_decision_radios(ctx),
        Html('<div class="proofroom-decide__fields">'),
        _field(t(lang, "decide_reviewer"), reviewer, t(lang, "decide_reviewer_hint")),
        _stage_select(ctx),
        _field(t(lang, "decide_summary"), summary, wide=True),
        Html("</div>"),
        *_comment_tools(ctx, drawable),
        *_outputs(ctx, new_url),
        Html("</form>"),
        Html("</div>"),
    ]
    return block(lines)
