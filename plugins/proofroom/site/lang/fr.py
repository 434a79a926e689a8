"""French: the interface strings, the check messages, months, numbers and plurals.

French puts a no-break space before ":" and ";" and inside "14 h", writes decimals with
a comma, and uses the singular for 0 and 1.
"""

from __future__ import annotations

from proofroom.site.lang.en import Text

_NB = "\u00a0"  # a no-break space

STRINGS: dict[str, Text] = {
    "campaigns": "Campagnes",
    "no_campaigns": (f"Aucune campagne pour l’instant. Créez-en une avec{_NB}: proofroom new NOM"),
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
    "decide_ready_guest": (
        f"Prêt{_NB}: envoyez-le par e-mail au responsable, ou téléchargez-le ou copiez-le."
    ),
    "decide_email": "L’envoyer par e-mail au responsable",
    "decide_email_subject": "Décision sur {asset}",
    "decide_email_too_long": (
        f"Trop long pour un lien e-mail{_NB}: téléchargez-le et joignez-le au message."
    ),
    "decide_guest_view": "Ce lien permet de voir le travail, pas de décider.",
    "decide_cannot_sign": (
        f"Ce navigateur ne peut pas signer la décision{_NB}: ouvrez le lien dans un "
        "navigateur à jour."
    ),
    "decide_too_long": (
        f"Cette décision est longue pour un lien{_NB}: si GitHub la refuse, téléchargez le fichier."
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
    "zoom_help": ("+ et − zooment, 0 ajuste, les flèches ou le glisser déplacent, Échap ferme."),
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
}

CHECK_TEMPLATES: dict[str, str] = {
    "format_ok": ".{ext} est accepté par {channel}",
    "format_bad": f".{{ext}} n’est pas accepté par {{channel}}{_NB}: exportez en {{formats}}",
    "format_none": (
        f"un fichier sans extension n’est pas accepté par {{channel}}{_NB}: exportez en {{formats}}"
    ),
    "size_unknown": f"taille inconnue{_NB}: vérifiez à la main qu’elle vaut {{expected}} "
    "pour {channel}",
    "size_unknown_ratio": f"taille inconnue{_NB}: vérifiez à la main le format {{ratios}} "
    "pour {channel}",
    "size_unknown_min": f"taille inconnue{_NB}: vérifiez à la main le format {{ratios}}, "
    "au moins {min} px de large, pour {channel}",
    "size_unknown_width": f"taille inconnue{_NB}: vérifiez à la main qu’elle fait au moins "
    "{min} px de large pour {channel}",
    "size_ok": "{got} convient à {channel}",
    "size_exact": f"{{want}} attendu pour {{channel}}, reçu {{got}}{_NB}: exportez en {{want}}",
    "size_exact_also": f"{{want}} attendu pour {{channel}} (accepté aussi{_NB}: {{others}}), "
    f"reçu {{got}}{_NB}: exportez en {{want}}",
    "ratio_want": f"{{want}} attendu pour {{channel}} ({{ratios}}), reçu {{got}} "
    f"({{ratio}}){_NB}: recadrez en {{crop}}",
    "ratio_bad": f"format attendu pour {{channel}}{_NB}: {{ratios}}, reçu {{got}} "
    f"({{ratio}}){_NB}: recadrez en {{crop}}",
    "min_width": f"{{got}} est sous la largeur minimale de {{min}} px de {{channel}}{_NB}: "
    "exportez en {min} px de large ou plus",
    "min_width_eg": f"{{got}} est sous la largeur minimale de {{min}} px de {{channel}}{_NB}: "
    "exportez en {min} px de large ou plus (par exemple {want})",
    "bytes_unknown": f"poids du fichier inconnu{_NB}; la limite est de {{limit}}",
    "bytes_over": f"{{size}} dépasse la limite de {{limit}} de {{channel}}{_NB}: "
    "compressez le fichier ou simplifiez le visuel",
    "bytes_ok": "{size}, sous la limite de {limit}",
    "duration_unknown": f"durée inconnue{_NB}: vérifiez qu’elle est entre {{low}} et {{high}} s",
    "duration_long": f"{{got}} s, hors de {{low}} à {{high}} s pour {{channel}}{_NB}: "
    "raccourcissez",
    "duration_short": f"{{got}} s, hors de {{low}} à {{high}} s pour {{channel}}{_NB}: allongez",
    "duration_ok": "{got} s, entre {low} et {high} s",
    "dpi_unknown": f"le fichier n’indique pas de résolution{_NB}; réglez {{dpi}} dpi à l’export",
    "dpi_low": f"{{got}} dpi, {{dpi}} dpi attendus pour {{channel}}{_NB}: exportez en {{dpi}} dpi",
    "dpi_low_px": f"{{got}} dpi, {{dpi}} dpi attendus pour {{channel}}{_NB}: exportez en "
    "{dpi} dpi ({want} px)",
    "dpi_ok": "{got} dpi",
    "colour_unknown": f"profil colorimétrique inconnu{_NB}: vérifiez-le à la main",
    "cmyk_print": "CMJN, prêt pour l’impression",
    "cmyk_print_icc": "CMJN ({icc}), prêt pour l’impression",
    "rgb_print": f"image {{mode}} pour l’impression{_NB}: convertissez-la en CMJN avec le "
    "profil de l’imprimeur (demandez-lui lequel)",
    "cmyk_screen": f"image CMJN pour {{channel}}{_NB}: les écrans affichent mal le CMJN, "
    "voire pas du tout; exportez-la en sRVB",
    "no_profile": f"pas de profil intégré{_NB}: les navigateurs l’affichent en sRVB",
    "srgb": "profil sRVB ({icc})",
    "not_srgb": f"le profil intégré «{_NB}{{icc}}{_NB}» n’est pas sRVB{_NB}: les couleurs "
    "changent sur la plupart des écrans; convertissez en sRVB à l’export",
    "alt_ok": "texte alternatif donné dans le brief",
    "alt_missing": f"pas de texte alternatif{_NB}: ajoutez «{_NB}alt: <ce que montre "
    f"l’image>{_NB}» à ce livrable dans le brief",
}
OR_WORD = "ou"

MONTHS = (
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
)


def plural_one(n: int) -> bool:
    """The singular is for 0 and 1 ("0 version", "1 version")."""
    return abs(n) < 2


def decimal(number: str) -> str:
    """A number written with a decimal point, with the French decimal comma."""
    return number.replace(".", ",")
