"""The pages' language: one module per language (:mod:`.en`, :mod:`.fr`), picked here.

Pages follow ``theme.language``; any other language falls back to English, and so does a
key a language lacks. Strings are plain text: Markup escapes them where they meet HTML
(placeholders may hold file data).
"""

from __future__ import annotations

from types import ModuleType

from proofroom.core.media.specs import MESSAGES, Check, render_message
from proofroom.core.model import STATUSES  # the model owns the list; labels live here
from proofroom.site.lang import en, fr

LANGUAGES: dict[str, ModuleType] = {"en": en, "fr": fr}
STRINGS = {code: module.STRINGS for code, module in LANGUAGES.items()}
CHECK_TEMPLATES = {code: module.CHECK_TEMPLATES for code, module in LANGUAGES.items()}

STATE_NAMES = ("waiting", "open", "passed", "blocked")


def language(lang: str | None) -> str:
    """``fr``, ``fr_FR``, ``fr-CA`` -> ``fr``; unknown languages -> ``en``."""
    code = (lang or "en").replace("_", "-").split("-", 1)[0].lower()
    return code if code in LANGUAGES else "en"


def _module(lang: str | None) -> ModuleType:
    return LANGUAGES[language(lang)]


def paragraphs(lang: str | None, key: str) -> tuple[str, ...]:
    """A multi-paragraph text (the dashboard's definitions), never a plural form."""
    value = _module(lang).STRINGS.get(key, en.STRINGS[key])
    return value if isinstance(value, tuple) else (value,)


def t(lang: str | None, key: str, **kw: object) -> str:
    """The interface string ``key`` in ``lang``, formatted with ``kw``.

    Plural strings choose their form from the integer ``n`` by the language's rule.
    """
    module = _module(lang)
    value = module.STRINGS.get(key, en.STRINGS[key])
    if isinstance(value, tuple):
        n = kw.get("n", 0)
        value = value[0] if module.plural_one(int(n)) else value[1]  # type: ignore[call-overload]
    return value.format(**kw) if kw else value


def decimal(lang: str | None, number: str) -> str:
    """A number written with a decimal point (``12.4``) in the language's way (``12,4``)."""
    return _module(lang).decimal(number)


def status_label(lang: str | None, status: str | None) -> str:
    """Label of a workflow status; ``None`` is a file that is not a deliverable."""
    if status in STATUSES:
        return t(lang, f"status_{status}")
    if status is None:
        return t(lang, "status_other")
    return status.replace("_", " ")


def decision_label(lang: str | None, decision: str) -> str:
    """Label of a decision value; an unknown value (reported by validation) is shown as is."""
    key = f"decision_{decision}"
    return t(lang, key) if key in en.STRINGS else decision.replace("_", " ")


def state_label(lang: str | None, state: str) -> str:
    """Label of a stage state (waiting, open, passed, blocked)."""
    return t(lang, f"state_{state}") if state in STATE_NAMES else state.replace("_", " ")


def check_message(lang: str | None, check: Check) -> str:
    """An automated check's message in ``lang``.

    Core words each check in English (the command line's language) and keeps its
    template key and fields, so another language fills its own template; the check's
    own message stands when the key has no template there.
    """
    module = _module(lang)
    template = module.CHECK_TEMPLATES.get(check.key) if check.key else None
    if template is None:
        return check.message
    return render_message(template, check.args, module.OR_WORD)


def missing_translations() -> dict[str, list[str]]:
    """Check message keys a language lacks (the tests keep this empty)."""
    return {
        code: sorted(set(MESSAGES) - set(module.CHECK_TEMPLATES))
        for code, module in LANGUAGES.items()
        if module is not en
    }
