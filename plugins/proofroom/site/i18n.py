"""Interface strings, plurals and dates in English and French.

Pages follow ``theme.language``; any other language falls back to English. Strings are
plain text: callers escape them like any other text (placeholders may hold file data).
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from proofroom.core.model import STATUSES  # the model owns the list; labels live here

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
        "n_variants": ("{n} variant", "{n} variants"),
        "variant_of": "Variant of {master}",
        "card_channel": "Channel: {channel}",
        "family_title": ("{master} and its variant", "{master} and its {n} variants"),
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
        # the pages of a PDF
        "pdf_pages": ("{n} page", "{n} pages"),
        "pdf_page_size": "{w} × {h} mm",
        "pdf_page_of": "Page {n} of {total}",
        "pdf_page_alt": "{name}, page {n}",
        "pdf_pages_nav": "Pages",
        "pdf_page_comments": "Comments on page {n}",
        "pdf_more_pages": (
            "Only the first {shown} of the {total} pages are shown: download the original"
            " for the others."
        ),
        "compare_page": "Page",
        "compare_no_page": "This version has no such page.",
        "versions": "Versions",
        "version": "v{n}",
        "same_as": "same as v{n}",
        "made_by": "by {name}",
        "landing_commit": "commit {sha}",
        "full_message": "Full message",
        "compare": "Compare versions",
        "compare_left": "Left",
        "compare_right": "Right",
        "compare_mode": "View",
        "compare_side": "Side by side",
        "compare_swipe": "Swipe",
        "compare_onion": "Onion skin",
        "compare_diff": "Difference",
        "compare_zoom_in": "Zoom in",
        "compare_zoom_out": "Zoom out",
        "compare_zoom_reset": "Reset zoom",
        "compare_zoom_hint": "Ctrl + wheel or pinch to zoom both sides; drag to pan.",
        "compare_split": "Split",
        "compare_opacity": "Opacity of the right version",
        "compare_changed": "{share} % of pixels changed",
        "compare_diff_alt": "Difference between {older} and {newer}",
        "compare_diff_legend": "Changed pixels in colour over a faded copy of the newer version.",
        "compare_no_diff": "No difference image for these versions.",
        "compare_diff_limit": "Difference images cover the {n} newest versions only.",
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
        "timeline": "Comments on the video's timeline",
        "comment_at": "Comment {n} at {time}",
        "after_end": "after the end ({duration})",
        "play_from": "Play from {time}",
        "play_both": "Play both",
        "pause_both": "Pause both",
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
        "tl_wip": "Work in progress",
        "tl_no_wip": "Nothing is waiting for review.",
        "tl_not_delivered": "Not delivered",
        "tl_production": "Median production",
        "tl_production_col": "Production",
        "tl_reviewers": "Reviewer response",
        "tl_reviewers_chart": "Median response time per reviewer",
        "tl_no_reviewers": "No decision has landed yet, so there is no response time.",
        "tl_reviewer": "Reviewer",
        "tl_answers": "Answers",
        "tl_definitions": "How these figures are computed",
        "tl_defs": (
            "Landed: when a version or a decision reached the main branch: the time of "
            "the merge, squash or rebased commit (with merge times from GitHub when the "
            "report was made with them). Figures are for each deliverable's current version.",
            "First submitted: when version 1 landed. Approved: when the last stage passed "
            "for the current version; a stage passes at the later of its opening and the "
            "landing of the decision that completes it.",
            "Cycle time: approved minus first submitted. Rounds: the number of the approved "
            "version.",
            "Due: a date means 23:59:59 that day in the campaign's timezone. On time: "
            "approved no later than due. Lateness: approved minus due (negative when early).",
            "On-time rate: deliverables approved on time, divided by those approved with a "
            "due date or overdue. Medians and 90th percentiles interpolate linearly between "
            "the closest ranks.",
            "Stage wait: from the stage's opening (the version landed, or the previous stage "
            "passed) to the decision that passed it. The bottleneck is the stage with the "
            "largest median wait.",
            "Response time: from when a version waited for a reviewer (its landing, or the "
            "opening of the reviewer's stage) to the reviewer's decision.",
            "Production: from the commit that made the current version to its landing. Work "
            "in progress: deliverables not approved, by the stage they wait on.",
            "Overdue: the due has passed and the deliverable is not approved. A duration "
            "that cannot be true (dates in the future, approval before submission) is left "
            "blank and reported as a warning, never rounded to zero.",
        ),
        "decide_title": "Your decision",
        "decide_intro": (
            "Write your decision on version {n} here. Nothing leaves this page until you "
            "propose it on GitHub, download it or copy it."
        ),
        "decide_decision": "Decision",
        "decide_reviewer": "Your login (GitHub user name)",
        "decide_reviewer_hint": "Letters, digits and dashes, e.g. alice. Remembered here.",
        "decide_stage": "Stage (optional)",
        "decide_stage_auto": "Let Proofroom work it out",
        "decide_stage_option": "{stage} ({people})",
        "decide_summary": "Summary: one sentence, why",
        "decide_comments": "Comments",
        "decide_add_pin": "Add a pin",
        "decide_add_box": "Add a box",
        "decide_add_comment": "Add a comment",
        "decide_draw_hint": (
            "Add a pin, then click the image; or Add a box, then drag on it. With the "
            "keyboard, these buttons place a mark at the centre: move it with the arrow "
            "keys (Shift + arrow keys resize a box), Enter goes to its text."
        ),
        "decide_no_draw": "Comments cannot be placed on this type of file.",
        "decide_file": "Your decision file",
        "decide_file_name": "File name:",
        "decide_propose": "Propose on GitHub",
        "decide_download": "Download the file",
        "decide_copy": "Copy",
        "decide_no_repo": (
            "This site has no repository address (repo_url in mkdocs.yml), so there is no "
            "GitHub link: download or copy the file instead."
        ),
        "decide_github_how": (
            "Propose on GitHub opens the new file in the repository: sign in, then propose "
            "it; GitHub makes a pull request (and a copy of the repository if you cannot "
            "write to it)."
        ),
        "decide_no_account": (
            "No GitHub account? Download the file and send it by e-mail to {owner}, who "
            "files it with: proofroom import FILE"
        ),
        "decide_owner_unknown": "the owner of the campaign",
        "decide_owner_named": "the owner of the campaign ({owner})",
        "decide_needs_js": (
            "This panel needs JavaScript. Without it, write the decision with: "
            "proofroom review {asset} -d DECISION -r LOGIN"
        ),
        "decide_missing_decision": "Choose a decision.",
        "decide_missing_reviewer": "Write your login.",
        "decide_bad_reviewer": (
            "“{login}” is not a login: use letters, digits and dashes (at most 39), e.g. alice."
        ),
        "decide_missing_text": "Write the text of comment {n}, or remove it.",
        "decide_ready": "Ready: propose it on GitHub, or download or copy it.",
        "decide_ready_no_repo": "Ready: download or copy it.",
        "decide_too_long": (
            "This decision is long for a link: if GitHub refuses it, download the file instead."
        ),
        "decide_copied": "Copied.",
        "decide_copy_failed": "Copy did not work: the text is selected, press Ctrl+C (⌘+C).",
        "decide_general": "General comment",
        "decide_pin_at": "Pin at {x}%, {y}%",
        "decide_box_at": "Box at {x}%, {y}%, {w}% × {h}%",
        "decide_text_of": "Text of comment {n}",
        "decide_remove": "Remove",
        "decide_remove_n": "Remove comment {n}",
        "decide_mark_label": "Comment {n}: arrow keys move it, Enter goes to its text",
        "decide_pin_mode": "Click the image to drop a pin. Press Escape to stop.",
        "decide_box_mode": "Drag on the image to draw a box. Press Escape to stop.",
        "zoom_open": "Zoom",
        "zoom_title": "Zoom: {name}",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "zoom_reset": "Fit",
        "zoom_close": "Close",
        "zoom_help": "+ and − zoom, 0 fits, arrow keys or dragging move, Escape closes.",
        "archive_filters": "Filter campaigns",
        "archive_year": "Year",
        "archive_status": "Status",
        "archive_tag": "Tag",
        "archive_channel": "Channel",
        "archive_all": "All",
        "archive_reset": "Show all",
        "archive_shown": ("{n} campaign shown", "{n} campaigns shown"),
        "archive_none": "No campaign matches these filters.",
        "archive_file": "File: {value}",
        "archive_deliverable": "Deliverable: {value}",
        "archive_channel_is": "Channel: {value}",
        "archive_tags_are": "Tags: {value}",
        "archive_alt": "Alt text: {value}",
        "archive_year_is": "Year: {value}",
        # the automated checks panel
        "checks_channel": "Channel: {name} ({id})",
        "checks_unknown_channel": "Unknown channel: {id}",
        "checks_status_pass": "Pass",
        "checks_status_warn": "Warning",
        "checks_status_fail": "Fail",
        "checks_status_unknown": "Unknown",
        "check_format": "Format",
        "check_channel-size": "Channel fit",
        "check_file-size": "File size",
        "check_duration": "Duration",
        "check_dpi": "Resolution",
        "check_colour-profile": "Colour profile",
        "check_alt-text": "Alt text",
        "check_channel": "Channel",
        "checks_summary": "Passed: {passed} of {total}",
        "checks_sources": "Where these figures come from",
        "checks_read": "read {date}",
        "checks_via": "via {host}",
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
        "n_variants": ("{n} déclinaison", "{n} déclinaisons"),
        "variant_of": "Déclinaison de {master}",
        "card_channel": f"Canal{_NB}: {{channel}}",
        "family_title": ("{master} et sa déclinaison", "{master} et ses {n} déclinaisons"),
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
        # the pages of a PDF
        "pdf_pages": ("{n} page", "{n} pages"),
        "pdf_page_size": f"{{w}}{_NB}×{_NB}{{h}}{_NB}mm",
        "pdf_page_of": "Page {n} sur {total}",
        "pdf_page_alt": "{name}, page {n}",
        "pdf_pages_nav": "Pages",
        "pdf_page_comments": "Commentaires de la page {n}",
        "pdf_more_pages": (
            f"Seules les {{shown}} premières pages sur {{total}} sont affichées{_NB}: téléchargez"
            " l’original pour les autres."
        ),
        "compare_page": "Page",
        "compare_no_page": "Cette version n’a pas cette page.",
        "versions": "Versions",
        "version": "v{n}",
        "same_as": "identique à la v{n}",
        "made_by": "par {name}",
        "landing_commit": "commit {sha}",
        "full_message": "Message complet",
        "compare": "Comparer les versions",
        "compare_left": "Gauche",
        "compare_right": "Droite",
        "compare_mode": "Affichage",
        "compare_side": "Côte à côte",
        "compare_swipe": "Rideau",
        "compare_onion": "Pelure d’oignon",
        "compare_diff": "Différence",
        "compare_zoom_in": "Zoomer",
        "compare_zoom_out": "Dézoomer",
        "compare_zoom_reset": "Réinitialiser le zoom",
        "compare_zoom_hint": (
            f"Ctrl + molette ou pincement pour zoomer des deux côtés{_NB}; glisser pour déplacer."
        ),
        "compare_split": "Séparation",
        "compare_opacity": "Opacité de la version de droite",
        "compare_changed": f"{{share}}{_NB}% des pixels ont changé",
        "compare_diff_alt": "Différence entre {older} et {newer}",
        "compare_diff_legend": (
            "Pixels modifiés en couleur sur une copie estompée de la version la plus récente."
        ),
        "compare_no_diff": "Pas d’image de différence pour ces versions.",
        "compare_diff_limit": (
            "Les images de différence ne couvrent que les {n} versions les plus récentes."
        ),
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
        "timeline": "Commentaires sur la ligne de temps de la vidéo",
        "comment_at": "Commentaire {n} à {time}",
        "after_end": "après la fin ({duration})",
        "play_from": "Lire à partir de {time}",
        "play_both": "Lire les deux",
        "pause_both": "Mettre les deux en pause",
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
        "tl_wip": "Travail en cours",
        "tl_no_wip": "Rien n’attend de revue.",
        "tl_not_delivered": "Non livrés",
        "tl_production": "Production médiane",
        "tl_production_col": "Production",
        "tl_reviewers": "Délai de réponse des relecteurs",
        "tl_reviewers_chart": "Délai de réponse médian par relecteur",
        "tl_no_reviewers": (
            "Aucune décision n’est encore intégrée, il n’y a donc pas de délai de réponse."
        ),
        "tl_reviewer": "Relecteur",
        "tl_answers": "Réponses",
        "tl_definitions": "Comment ces chiffres sont calculés",
        "tl_defs": (
            f"Intégré{_NB}: quand une version ou une décision a atteint la branche principale, "
            "à l’heure du commit de fusion, de squash ou rebasé (ou à l’heure de fusion "
            "donnée par GitHub quand le rapport l’utilise). Les chiffres portent sur la "
            "version actuelle de chaque livrable.",
            f"Première soumission{_NB}: l’intégration de la version 1. Approuvé{_NB}: quand la "
            f"dernière étape est validée pour la version actuelle{_NB}; une étape est validée au "
            "plus tard de son ouverture et de l’intégration de la décision qui la complète.",
            f"Durée de cycle{_NB}: approbation moins première soumission. Tours{_NB}: le numéro de "
            "la version approuvée.",
            f"Échéance{_NB}: une date signifie 23:59:59 ce jour-là dans le fuseau de la "
            f"campagne. Dans les délais{_NB}: approuvé au plus tard à l’échéance. "
            f"Retard{_NB}: approbation moins échéance (négatif en avance).",
            f"Taux de respect des délais{_NB}: livrables approuvés à temps, divisés par ceux "
            "approuvés avec une échéance ou en retard. Médianes et 90e centiles interpolent "
            "linéairement entre les rangs voisins.",
            f"Attente d’une étape{_NB}: de son ouverture (version intégrée, ou étape précédente "
            "validée) à la décision qui la valide. Le goulet d’étranglement est l’étape dont "
            "l’attente médiane est la plus longue.",
            f"Délai de réponse{_NB}: du moment où une version attendait un relecteur (son "
            "intégration, ou l’ouverture de son étape) à sa décision.",
            f"Production{_NB}: du commit qui a produit la version actuelle à son intégration. "
            f"Travail en cours{_NB}: livrables non approuvés, par étape attendue.",
            f"En retard{_NB}: l’échéance est passée et le livrable n’est pas approuvé. Une durée "
            "impossible (dates dans le futur, approbation avant soumission) reste vide et "
            "fait l’objet d’un avertissement, jamais ramenée à zéro.",
        ),
        "decide_title": "Votre décision",
        "decide_intro": (
            "Rédigez ici votre décision sur la version {n}. Rien ne quitte cette page tant "
            "que vous ne la proposez pas sur GitHub, ne la téléchargez pas ou ne la copiez pas."
        ),
        "decide_decision": "Décision",
        "decide_reviewer": "Votre identifiant (nom d’utilisateur GitHub)",
        "decide_reviewer_hint": (
            "Lettres, chiffres et tirets, par ex. alice. Mémorisé sur cet appareil."
        ),
        "decide_stage": "Étape (facultatif)",
        "decide_stage_auto": "Laisser Proofroom la déduire",
        "decide_stage_option": "{stage} ({people})",
        "decide_summary": f"Résumé{_NB}: une phrase, pourquoi",
        "decide_comments": "Commentaires",
        "decide_add_pin": "Ajouter un repère",
        "decide_add_box": "Ajouter une zone",
        "decide_add_comment": "Ajouter un commentaire",
        "decide_draw_hint": (
            f"Ajouter un repère, puis cliquez sur l’image{_NB}; ou Ajouter une zone, puis "
            "faites glisser dessus. Au clavier, ces boutons placent une marque au centre"
            f"{_NB}: déplacez-la avec les flèches (Maj + flèches redimensionnent une zone), "
            "Entrée mène à son texte."
        ),
        "decide_no_draw": "Les commentaires ne peuvent pas être placés sur ce type de fichier.",
        "decide_file": "Votre fichier de décision",
        "decide_file_name": f"Nom du fichier{_NB}:",
        "decide_propose": "Proposer sur GitHub",
        "decide_download": "Télécharger le fichier",
        "decide_copy": "Copier",
        "decide_no_repo": (
            "Ce site n’a pas d’adresse de dépôt (repo_url dans mkdocs.yml), donc pas de lien "
            f"GitHub{_NB}: téléchargez ou copiez le fichier."
        ),
        "decide_github_how": (
            "Proposer sur GitHub ouvre le nouveau fichier dans le dépôt. Connectez-vous, puis "
            "proposez-le. GitHub crée une pull request (et une copie du dépôt si vous ne "
            "pouvez pas y écrire)."
        ),
        "decide_no_account": (
            f"Pas de compte GitHub{_NB}? Téléchargez le fichier et envoyez-le par e-mail à "
            f"{{owner}}, qui l’enregistre avec{_NB}: proofroom import FICHIER"
        ),
        "decide_owner_unknown": "la personne responsable de la campagne",
        "decide_owner_named": "la personne responsable de la campagne ({owner})",
        "decide_needs_js": (
            "Ce panneau nécessite JavaScript. Sans lui, rédigez la décision avec"
            f"{_NB}: proofroom review {{asset}} -d DÉCISION -r IDENTIFIANT"
        ),
        "decide_missing_decision": "Choisissez une décision.",
        "decide_missing_reviewer": "Indiquez votre identifiant.",
        "decide_bad_reviewer": (
            f"«{_NB}{{login}}{_NB}» n’est pas un identifiant{_NB}: lettres, chiffres et "
            "tirets (39 au plus), par ex. alice."
        ),
        "decide_missing_text": "Écrivez le texte du commentaire {n}, ou retirez-le.",
        "decide_ready": f"Prêt{_NB}: proposez-le sur GitHub, ou téléchargez-le ou copiez-le.",
        "decide_ready_no_repo": f"Prêt{_NB}: téléchargez-le ou copiez-le.",
        "decide_too_long": (
            f"Cette décision est longue pour un lien{_NB}: si GitHub la refuse, téléchargez "
            "le fichier."
        ),
        "decide_copied": "Copié.",
        "decide_copy_failed": (
            f"La copie n’a pas fonctionné{_NB}: le texte est sélectionné, appuyez sur Ctrl+C (⌘+C)."
        ),
        "decide_general": "Commentaire général",
        "decide_pin_at": f"Repère à {{x}}{_NB}%, {{y}}{_NB}%",
        "decide_box_at": f"Zone à {{x}}{_NB}%, {{y}}{_NB}%, {{w}}{_NB}%{_NB}×{_NB}{{h}}{_NB}%",
        "decide_text_of": "Texte du commentaire {n}",
        "decide_remove": "Retirer",
        "decide_remove_n": "Retirer le commentaire {n}",
        "decide_mark_label": (
            f"Commentaire {{n}}{_NB}: les flèches le déplacent, Entrée mène à son texte"
        ),
        "decide_pin_mode": "Cliquez sur l’image pour poser un repère. Échap pour arrêter.",
        "decide_box_mode": "Faites glisser sur l’image pour tracer une zone. Échap pour arrêter.",
        "zoom_open": "Agrandir",
        "zoom_title": f"Agrandissement{_NB}: {{name}}",
        "zoom_in": "Zoom avant",
        "zoom_out": "Zoom arrière",
        "zoom_reset": "Ajuster",
        "zoom_close": "Fermer",
        "zoom_help": (
            "+ et − zooment, 0 ajuste, les flèches ou le glisser déplacent, Échap ferme."
        ),
        "archive_filters": "Filtrer les campagnes",
        "archive_year": "Année",
        "archive_status": "Statut",
        "archive_tag": "Étiquette",
        "archive_channel": "Canal",
        "archive_all": "Toutes",
        "archive_reset": "Tout afficher",
        "archive_shown": ("{n} campagne affichée", "{n} campagnes affichées"),
        "archive_none": "Aucune campagne ne correspond à ces filtres.",
        "archive_file": f"Fichier{_NB}: {{value}}",
        "archive_deliverable": f"Livrable{_NB}: {{value}}",
        "archive_channel_is": f"Canal{_NB}: {{value}}",
        "archive_tags_are": f"Étiquettes{_NB}: {{value}}",
        "archive_alt": f"Texte alternatif{_NB}: {{value}}",
        "archive_year_is": f"Année{_NB}: {{value}}",
        # the automated checks panel
        "checks_channel": f"Canal{_NB}: {{name}} ({{id}})",
        "checks_unknown_channel": f"Canal inconnu{_NB}: {{id}}",
        "checks_status_pass": "Conforme",
        "checks_status_warn": "Attention",
        "checks_status_fail": "Non conforme",
        "checks_status_unknown": "Inconnu",
        "check_format": "Format",
        "check_channel-size": "Adaptation au canal",
        "check_file-size": "Poids du fichier",
        "check_duration": "Durée",
        "check_dpi": "Résolution",
        "check_colour-profile": "Profil colorimétrique",
        "check_alt-text": "Texte alternatif",
        "check_channel": "Canal",
        "checks_summary": f"Conformes{_NB}: {{passed}} sur {{total}}",
        "checks_sources": "D’où viennent ces chiffres",
        "checks_read": "lu le {date}",
        "checks_via": "via {host}",
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

STATE_NAMES = ("waiting", "open", "passed", "blocked")


def language(lang: str | None) -> str:
    """``fr``, ``fr_FR``, ``fr-CA`` -> ``fr``; unknown languages -> ``en``."""
    code = (lang or "en").replace("_", "-").split("-", 1)[0].lower()
    return code if code in STRINGS else "en"


def _plural_one(lang: str, n: int) -> bool:
    # French uses the singular for 0 and 1 ("0 version"), English for 1 only.
    return abs(n) < 2 if lang == "fr" else n == 1


def paragraphs(lang: str | None, key: str) -> tuple[str, ...]:
    """A multi-paragraph text (the dashboard's definitions), never a plural form."""
    value = STRINGS[language(lang)].get(key, STRINGS["en"][key])
    return value if isinstance(value, tuple) else (value,)


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
