"""Interface strings, plurals and dates in English and French.

Pages follow ``theme.language``; any other language falls back to English. Strings are
plain text: callers escape them like any other text (placeholders may hold file data).
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A value is a string, or a (one, other) pair chosen by the ``n`` keyword.
Text = str | tuple[str, str]

_NB = "\u00a0"  # French puts a no-break space before ":" and inside "14 h"

STRINGS: dict[str, dict[str, Text]] = {
    "en": {
        "campaigns": "Campaigns",
        "no_campaigns": "No campaign yet. Create one with: proofroom new NAME",
        "undated": "Undated",
        "untagged": "No tag",
        "owner": "Owner: {owner}",
        "launch": "Launch: {date}",
        "n_deliverables": ("{n} deliverable", "{n} deliverables"),
        "n_versions": ("{n} version", "{n} versions"),
        "n_overdue": ("{n} overdue", "{n} overdue"),
        "status_missing": "missing",
        "status_in_review": "in review",
        "status_changes_requested": "changes requested",
        "status_rejected": "rejected",
        "status_approved": "approved",
        "status_other": "not a deliverable",
        "deliverables": "Deliverables",
        "other_files": "Other files",
        "gallery_empty": "No file yet under {path}",
        "stage": "Stage: {stage}",
        "last_landed": "Last version: {date}",
        "due": "Due: {date}",
        "due_today": "today",
        "due_in": ("in {n} day", "in {n} days"),
        "late_by": ("{n} day late", "{n} days late"),
        "overdue": "overdue",
        "stale": "stale approvals",
        "expected_file": "Expected file: {path}",
        "removed": "removed from the branch",
        "no_version": "no version yet",
        "stub_no_brief": "This campaign has no brief yet.",
        "stub_how": "Create {path} (title, owner, stages, deliverables), or run: {command}",
        "breadcrumb": "Breadcrumb",
        "review_of": "Review: {name}",
        "status": "Status",
        "current_version": "Current version: v{n}",
        "download_original": "Download the original",
        "lfs_stored": "Stored in Git LFS",
        "lfs_detail": "{size}, oid {oid}",
        "lfs_hint": "The file is not in this build; run git lfs pull to see it.",
        "working_copy": "working copy (not committed)",
        "not_available": "The file is not available in this build.",
        "no_preview": "No preview for this type of file.",
        "versions": "Versions",
        "version": "v{n}",
        "same_as": "same as v{n}",
        "made_by": "by {name}",
        "landing_commit": "commit {sha}",
        "full_message": "Full message",
        "compare": "Compare versions",
        "compare_left": "Left",
        "compare_right": "Right",
        "decisions": "Decisions",
        "checks": "Automated checks",
        "dimensions": "{w} × {h} px",
        "bytes": ("{n} byte", "{n} bytes"),
        "kB": "{n} kB",
        "MB": "{n} MB",
        "GB": "{n} GB",
        "datetime": "{date}, {time}",
        "status_counts": "Deliverables by status",
        "count_approved": ("{n} approved", "{n} approved"),
        "count_in_review": ("{n} in review", "{n} in review"),
        "count_changes_requested": ("{n} changes requested", "{n} changes requested"),
        "count_rejected": ("{n} rejected", "{n} rejected"),
        "count_missing": ("{n} missing", "{n} missing"),
        "decision_approved": "approved",
        "decision_approved_with_changes": "approved with changes",
        "decision_changes_requested": "changes requested",
        "decision_rejected": "rejected",
        "decision_comment": "comment",
        "no_decision": "no decision yet",
        "workflow": "Workflow",
        "state_waiting": "waiting",
        "state_open": "open",
        "state_passed": "passed",
        "state_blocked": "blocked",
        "required_of": ("{n} of {total} required", "{n} of {total} required"),
        "approvals_required": ("{n} approval required", "{n} approvals required"),
        "opened_on": "opened {date}",
        "passed_on": "passed {date}",
        "approved_version": "approved v{n}",
        "approved_unknown": "approved an unknown version",
        "comments": "Comments",
        "comments_of": "Comments on v{n}",
        "comments_unknown": "Comments on an unknown version",
        "current": "current",
        "comment_n": "Comment {n}",
        "page_n": "page {n}",
        "audit": "Audit trail",
        "no_decisions": "No decision yet.",
        "not_committed": "not committed yet",
        "unknown_sha": "unknown sha",
        "tl_title": "Timeliness",
        "tl_overdue": "Overdue",
        "tl_no_overdue": "Nothing is overdue.",
        "tl_campaign": "Campaign",
        "tl_deliverable": "Deliverable",
        "tl_due": "Due",
        "tl_on_time_rate": "On-time rate",
        "tl_on_time_chart": "On-time rate per campaign",
        "tl_no_rate": "No deliverable is approved with a due date or overdue yet.",
        "tl_cycle": "Cycle time",
        "tl_cycle_chart": "Cycle time of approved deliverables, in days",
        "tl_no_cycle": "No deliverable is approved yet, so there is no cycle time.",
        "tl_median": "Median",
        "tl_p90": "90th percentile",
        "tl_bin": "{low}–{high} d",
        "tl_bin_last": "{low}+ d",
        "tl_count": "Deliverables",
        "tl_waits": "Where review waits",
        "tl_waits_chart": "Median wait per stage",
        "tl_no_waits": "No stage has passed yet, so there is no wait to show.",
        "tl_stage": "Stage",
        "tl_median_wait": "Median wait",
        "tl_passed_count": "Passed",
        "tl_bottleneck": "bottleneck",
        "tl_bottleneck_is": "The bottleneck is {stage}: a median wait of {wait}.",
        "tl_all": "All deliverables",
        "tl_no_deliverables": "No deliverable yet.",
        "tl_rounds": "Rounds",
        "tl_lateness": "Lateness",
        "tl_result": "Result",
        "tl_on_time": "on time",
        "tl_late": "late",
        "tl_pending": "not approved",
        "tl_no_due": "no due date",
        "tl_hours": "{n} h",
        "tl_days": "{n} d",
        "tl_percent": "{n}%",
        "tl_none": "–",
        "tl_now": "Figures at {date}.",
    },
    "fr": {
        "campaigns": "Campagnes",
        "no_campaigns": (
            f"Aucune campagne pour l’instant. Créez-en une avec{_NB}: proofroom new NOM"
        ),
        "undated": "Sans date",
        "untagged": "Sans étiquette",
        "owner": f"Responsable{_NB}: {{owner}}",
        "launch": f"Lancement{_NB}: {{date}}",
        "n_deliverables": ("{n} livrable", "{n} livrables"),
        "n_versions": ("{n} version", "{n} versions"),
        "n_overdue": ("{n} en retard", "{n} en retard"),
        "status_missing": "manquant",
        "status_in_review": "en revue",
        "status_changes_requested": "modifications demandées",
        "status_rejected": "refusé",
        "status_approved": "approuvé",
        "status_other": "hors livrables",
        "deliverables": "Livrables",
        "other_files": "Autres fichiers",
        "gallery_empty": "Aucun fichier pour l’instant dans {path}",
        "stage": f"Étape{_NB}: {{stage}}",
        "last_landed": f"Dernière version{_NB}: {{date}}",
        "due": f"Échéance{_NB}: {{date}}",
        "due_today": "aujourd’hui",
        "due_in": ("dans {n} jour", "dans {n} jours"),
        "late_by": ("{n} jour de retard", "{n} jours de retard"),
        "overdue": "en retard",
        "stale": "approbations périmées",
        "expected_file": f"Fichier attendu{_NB}: {{path}}",
        "removed": "supprimé de la branche",
        "no_version": "aucune version",
        "stub_no_brief": "Cette campagne n’a pas encore de brief.",
        "stub_how": (
            f"Créez {{path}} (titre, responsable, étapes, livrables), ou lancez{_NB}: {{command}}"
        ),
        "breadcrumb": "Fil d’Ariane",
        "review_of": f"Revue{_NB}: {{name}}",
        "status": "Statut",
        "current_version": f"Version actuelle{_NB}: v{{n}}",
        "download_original": "Télécharger l’original",
        "lfs_stored": "Stocké dans Git LFS",
        "lfs_detail": "{size}, oid {oid}",
        "lfs_hint": (
            f"Le fichier n’est pas dans cette construction{_NB}; lancez git lfs pull pour le voir."
        ),
        "working_copy": "copie de travail (non commitée)",
        "not_available": "Le fichier n’est pas disponible dans cette construction.",
        "no_preview": "Pas d’aperçu pour ce type de fichier.",
        "versions": "Versions",
        "version": "v{n}",
        "same_as": "identique à la v{n}",
        "made_by": "par {name}",
        "landing_commit": "commit {sha}",
        "full_message": "Message complet",
        "compare": "Comparer les versions",
        "compare_left": "Gauche",
        "compare_right": "Droite",
        "decisions": "Décisions",
        "checks": "Contrôles automatiques",
        "dimensions": f"{{w}}{_NB}×{_NB}{{h}}{_NB}px",
        "bytes": (f"{{n}}{_NB}octet", f"{{n}}{_NB}octets"),
        "kB": f"{{n}}{_NB}ko",
        "MB": f"{{n}}{_NB}Mo",
        "GB": f"{{n}}{_NB}Go",
        "datetime": "{date} à {time}",
        "status_counts": "Livrables par statut",
        "count_approved": ("{n} approuvé", "{n} approuvés"),
        "count_in_review": ("{n} en revue", "{n} en revue"),
        "count_changes_requested": (
            "{n} modifications demandées",
            "{n} modifications demandées",
        ),
        "count_rejected": ("{n} refusé", "{n} refusés"),
        "count_missing": ("{n} manquant", "{n} manquants"),
        "decision_approved": "approuvé",
        "decision_approved_with_changes": "approuvé avec modifications",
        "decision_changes_requested": "modifications demandées",
        "decision_rejected": "refusé",
        "decision_comment": "commentaire",
        "no_decision": "pas encore de décision",
        "workflow": "Circuit de validation",
        "state_waiting": "en attente",
        "state_open": "ouverte",
        "state_passed": "validée",
        "state_blocked": "bloquée",
        "required_of": (
            "{n} approbation requise sur {total}",
            "{n} approbations requises sur {total}",
        ),
        "approvals_required": ("{n} approbation requise", "{n} approbations requises"),
        "opened_on": "ouverte le {date}",
        "passed_on": "validée le {date}",
        "approved_version": "a approuvé la v{n}",
        "approved_unknown": "a approuvé une version inconnue",
        "comments": "Commentaires",
        "comments_of": "Commentaires sur la v{n}",
        "comments_unknown": "Commentaires sur une version inconnue",
        "current": "actuelle",
        "comment_n": "Commentaire {n}",
        "page_n": "page {n}",
        "audit": "Historique des décisions",
        "no_decisions": "Aucune décision pour l’instant.",
        "not_committed": "pas encore commitée",
        "unknown_sha": "sha inconnu",
        "tl_title": "Délais",
        "tl_overdue": "En retard",
        "tl_no_overdue": "Rien n’est en retard.",
        "tl_campaign": "Campagne",
        "tl_deliverable": "Livrable",
        "tl_due": "Échéance",
        "tl_on_time_rate": "Taux de respect des délais",
        "tl_on_time_chart": "Taux de respect des délais par campagne",
        "tl_no_rate": "Aucun livrable n’est encore approuvé avec une échéance ni en retard.",
        "tl_cycle": "Durée de cycle",
        "tl_cycle_chart": "Durée de cycle des livrables approuvés, en jours",
        "tl_no_cycle": "Aucun livrable n’est encore approuvé, il n’y a donc pas de durée de cycle.",
        "tl_median": "Médiane",
        "tl_p90": "90e centile",
        "tl_bin": f"{{low}}–{{high}}{_NB}j",
        "tl_bin_last": f"{{low}}{_NB}j et plus",
        "tl_count": "Livrables",
        "tl_waits": "Où la revue attend",
        "tl_waits_chart": "Attente médiane par étape",
        "tl_no_waits": "Aucune étape n’est encore validée, il n’y a donc pas d’attente à montrer.",
        "tl_stage": "Étape",
        "tl_median_wait": "Attente médiane",
        "tl_passed_count": "Validées",
        "tl_bottleneck": "goulet d’étranglement",
        "tl_bottleneck_is": (
            f"Le goulet d’étranglement est {{stage}}{_NB}: une attente médiane de {{wait}}."
        ),
        "tl_all": "Tous les livrables",
        "tl_no_deliverables": "Aucun livrable pour l’instant.",
        "tl_rounds": "Tours",
        "tl_lateness": "Retard",
        "tl_result": "Résultat",
        "tl_on_time": "dans les délais",
        "tl_late": "en retard",
        "tl_pending": "non approuvé",
        "tl_no_due": "sans échéance",
        "tl_hours": f"{{n}}{_NB}h",
        "tl_days": f"{{n}}{_NB}j",
        "tl_percent": f"{{n}}{_NB}%",
        "tl_none": "–",
        "tl_now": "Chiffres au {date}.",
    },
}

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
}

STATUSES = ("missing", "in_review", "changes_requested", "rejected", "approved")
STATE_NAMES = ("waiting", "open", "passed", "blocked")


def language(lang: str | None) -> str:
    """``fr``, ``fr_FR``, ``fr-CA`` -> ``fr``; unknown languages -> ``en``."""
    code = (lang or "en").replace("_", "-").split("-", 1)[0].lower()
    return code if code in STRINGS else "en"


def _plural_one(lang: str, n: int) -> bool:
    # French uses the singular for 0 and 1 ("0 version"), English for 1 only.
    return abs(n) < 2 if lang == "fr" else n == 1


def t(lang: str | None, key: str, **kw: object) -> str:
    """The interface string ``key`` in ``lang``, formatted with ``kw``.

    Plural strings choose their form from the integer ``n``.
    """
    code = language(lang)
    value = STRINGS[code].get(key, STRINGS["en"][key])
    if isinstance(value, tuple):
        n = kw.get("n", 0)
        value = value[0] if _plural_one(code, int(n)) else value[1]  # type: ignore[call-overload]
    return value.format(**kw) if kw else value


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
    return t(lang, key) if key in STRINGS["en"] else decision.replace("_", " ")


def state_label(lang: str | None, state: str) -> str:
    """Label of a stage state (waiting, open, passed, blocked)."""
    return t(lang, f"state_{state}") if state in STATE_NAMES else state.replace("_", " ")


def format_offset(seconds: float) -> str:
    """A time in a video or audio as ``mm:ss`` (minutes keep counting past the hour)."""
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def zone(name: str | None) -> tzinfo:
    """The campaign timezone; an unknown name (already reported by the brief) gives UTC."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(value: datetime, tz: tzinfo) -> datetime:
    """A datetime in the campaign timezone; a naive datetime is taken as already local."""
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def format_date(lang: str | None, value: date | datetime, tz: tzinfo | None = None) -> str:
    """``12 Feb 2027`` / ``12 févr. 2027``; a datetime is first moved to ``tz``."""
    if isinstance(value, datetime):
        value = local(value, tz or zone(None)).date()
    month = MONTHS[language(lang)][value.month - 1]
    return f"{value.day}{_NB}{month}{_NB}{value.year}"


def format_time(lang: str | None, value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def format_datetime(lang: str | None, value: datetime, tz: tzinfo | None = None) -> str:
    """``12 Feb 2027, 14:05`` / ``12 févr. 2027 à 14:05`` in the campaign timezone."""
    moment = local(value, tz or zone(None))
    return t(
        lang,
        "datetime",
        date=format_date(lang, moment.date()),
        time=format_time(lang, moment.time()),
    )


def format_when(lang: str | None, value: date | datetime, tz: tzinfo | None = None) -> str:
    """A date alone for a date, date and time for a datetime (due dates may be either)."""
    if isinstance(value, datetime):
        return format_datetime(lang, value, tz)
    return format_date(lang, value)


def format_size(lang: str | None, size: int) -> str:
    """Bytes in SI units with one decimal: ``1.5 MB`` / ``1,5 Mo``."""
    if size < 1000:
        return t(lang, "bytes", n=size)
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < scale * 1000 or unit == "GB":
            number = f"{size / scale:.1f}"
            if language(lang) == "fr":
                number = number.replace(".", ",")
            return t(lang, unit, n=number)
    raise AssertionError("unreachable")
