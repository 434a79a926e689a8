"""The panel where a reviewer writes a decision (``data-proofroom="decision-form"``).

The page holds no server: the form only gathers the decision, and ``decide.js`` turns it
into the YAML of a decision file, a GitHub create-file link and a download. Everything the
script needs (asset path, blob sha, canonical folder, messages) sits in ``data-``
attributes, escaped like any text from a file; the script only reads them back as text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from proofroom.core.inputs.decision_files import decision_path
from proofroom.core.model import DECISIONS, Version
from proofroom.site.html import attrs, block, esc
from proofroom.site.i18n import decision_label, t
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
        if name.startswith(prefix):
            name = name[len(prefix) :]
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


def _decision_radios(ctx: ReviewContext) -> list[str]:
    lines = [
        '<fieldset class="proofroom-decide__decisions">',
        f"<legend>{esc(t(ctx.lang, 'decide_decision'))}</legend>",
    ]
    for value in DECISIONS:
        radio = attrs(type="radio", name="decision", value=value, required=True)
        lines.append(
            f'<label class="proofroom-decide__choice proofroom-decision--{value}">'
            f"<input{radio}> <span>{esc(decision_label(ctx.lang, value))}</span></label>"
        )
    lines.append("</fieldset>")
    return lines


def _field(label: str, control: str, hint: str | None = None, *, wide: bool = False) -> str:
    note = f'<span class="proofroom-decide__hint">{esc(hint)}</span>' if hint else ""
    css = "proofroom-decide__field" + (" proofroom-decide__field--wide" if wide else "")
    return (
        f"<label{attrs(class_=css)}>"
        f'<span class="proofroom-decide__label">{esc(label)}</span>{control}{note}</label>'
    )


def _stage_select(ctx: ReviewContext) -> str:
    """A stage choice when the current version waits on more than one stage."""
    d = ctx.deliverable
    if d is None or len(d.stages) < 2:
        return ""
    options = [f'<option value="">{esc(t(ctx.lang, "decide_stage_auto"))}</option>']
    for stage in d.stages:
        people = ", ".join(stage.approvers)
        label = (
            t(ctx.lang, "decide_stage_option", stage=stage.name, people=people)
            if people
            else stage.name
        )
        options.append(
            f"<option{attrs(value=stage.name, data_approvers=' '.join(stage.approvers))}>"
            f"{esc(label)}</option>"
        )
    control = f'<select name="stage">{"".join(options)}</select>'
    return _field(t(ctx.lang, "decide_stage"), control)


def _comment_tools(ctx: ReviewContext, drawable: bool) -> list[str]:
    lang = ctx.lang
    lines = [
        '<fieldset class="proofroom-decide__comments">',
        f"<legend>{esc(t(lang, 'decide_comments'))}</legend>",
        '<div class="proofroom-decide__tools">',
    ]
    if drawable:
        for mode in ("pin", "box"):
            button = attrs(
                type="button",
                class_="proofroom-decide__tool",
                data_proofroom=f"add-{mode}",
                data_mode=mode,
                aria_pressed="false",
            )
            lines.append(f"<button{button}>{esc(t(lang, f'decide_add_{mode}'))}</button>")
    button = attrs(type="button", class_="proofroom-decide__tool", data_proofroom="add-comment")
    lines.append(f"<button{button}>{esc(t(lang, 'decide_add_comment'))}</button>")
    lines.append("</div>")
    hint = t(lang, "decide_draw_hint" if drawable else "decide_no_draw")
    lines += [
        f'<p class="proofroom-decide__hint" data-proofroom="draw-hint">{esc(hint)}</p>',
        f'<p class="proofroom-decide__mode"{attrs(data_proofroom="draw-mode")}'
        ' role="status" aria-live="polite"></p>',
        '<ol class="proofroom-decide__list" data-proofroom="decision-comments"></ol>',
        "</fieldset>",
    ]
    return lines


def _outputs(ctx: ReviewContext, new_url: str | None) -> list[str]:
    lang = ctx.lang
    lines = [
        f"<h3>{esc(t(lang, 'decide_file'))}</h3>",
        '<p class="proofroom-decide__missing" data-proofroom="decision-missing"'
        ' role="status" aria-live="polite"></p>',
        f'<p class="proofroom-decide__filename">{esc(t(lang, "decide_file_name"))} '
        '<code data-proofroom="decision-filename"></code></p>',
        f'<pre class="proofroom-decide__yaml"{attrs(data_proofroom="decision-yaml", tabindex=0)}'
        f"{attrs(aria_label=t(lang, 'decide_file'))}></pre>",
        '<p class="proofroom-decide__actions">',
    ]
    if new_url:
        lines.append(
            f"<a{attrs(class_='md-button md-button--primary proofroom-decide__action')}"
            f"{attrs(data_proofroom='propose-on-github', target='_blank', rel='noopener')}"
            f"{attrs(aria_disabled='true')}>{esc(t(lang, 'decide_propose'))}</a>"
        )
    lines += [
        f"<a{attrs(class_='md-button proofroom-decide__action', data_proofroom='download-yaml')}"
        f"{attrs(download='decision.yml', aria_disabled='true')}>"
        f"{esc(t(lang, 'decide_download'))}</a>",
        f"<button{attrs(type='button', class_='md-button proofroom-decide__action')}"
        f"{attrs(data_proofroom='copy-yaml', disabled=True)}>{esc(t(lang, 'decide_copy'))}"
        "</button>",
        "</p>",
        '<p class="proofroom-decide__copied" data-proofroom="copy-status"'
        ' role="status" aria-live="polite"></p>',
    ]
    if new_url:
        lines.append(f'<p class="proofroom-decide__hint">{esc(t(lang, "decide_github_how"))}</p>')
    else:
        lines.append(
            f'<p class="proofroom-decide__hint" data-proofroom="no-repo">'
            f"{esc(t(lang, 'decide_no_repo'))}</p>"
        )
    lines.append(
        f'<p class="proofroom-decide__hint" data-proofroom="no-account">'
        f"{esc(t(lang, 'decide_no_account', owner=_owner(ctx)))}</p>"
    )
    return lines


def _form_attrs(ctx: ReviewContext, version: Version, folder: str, new_url: str | None) -> str:
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


def decision_panel_section(ctx: ReviewContext) -> str:
    """The panel to write a decision on the current version; ``""`` without a version."""
    version = ctx.asset.current
    if version is None:
        return ""
    folder = decision_folder(ctx.asset.path, ctx.campaign.id, ctx.asset.rel, ctx.reviews_dir)
    if folder is None:  # not a file of the campaign's folder: no decision can name it
        return ""
    lang = ctx.lang
    new_url = new_file_url(ctx.repo_url, ctx.branch)
    drawable = ctx.display_of(version) is not None
    reviewer = attrs(
        type="text",
        name="reviewer",
        autocomplete="username",
        autocapitalize="none",
        spellcheck="false",
        pattern=LOGIN_PATTERN,
        maxlength=39,
        required=True,
    )
    summary = attrs(type="text", name="summary", maxlength=2000)
    lines = [
        f"<div{attrs(class_='proofroom proofroom-decide', data_proofroom='decide')}"
        f"{attrs(data_draw='true' if drawable else None)}>",
        f"<h2>{esc(t(lang, 'decide_title'))}</h2>",
        f'<p class="proofroom-decide__intro">{esc(t(lang, "decide_intro", n=version.number))}</p>',
        f'<noscript><p class="proofroom-note">'
        f"{esc(t(lang, 'decide_needs_js', asset=ctx.asset.path))}</p></noscript>",
        f"<form{_form_attrs(ctx, version, folder, new_url)}>",
        *_decision_radios(ctx),
        '<div class="proofroom-decide__fields">',
        _field(t(lang, "decide_reviewer"), f"<input{reviewer}>", t(lang, "decide_reviewer_hint")),
        _stage_select(ctx),
        _field(t(lang, "decide_summary"), f"<input{summary}>", wide=True),
        "</div>",
        *_comment_tools(ctx, drawable),
        *_outputs(ctx, new_url),
        "</form>",
        "</div>",
    ]
    return block(lines)
