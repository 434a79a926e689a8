"""Interface strings of the automated checks panel (English and French), merged into
:data:`proofroom.site.i18n.STRINGS`."""

from __future__ import annotations

_NB = "\u00a0"  # French puts a no-break space before ":"

CHECKS_STRINGS: dict[str, dict[str, object]] = {
    "en": {
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
