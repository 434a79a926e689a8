"""The automated checks' messages in the page's language.

``core.specs`` words each check in English (the command line's language) and keeps its
template key and fields; pages in another language fill their own template instead.
"""

from __future__ import annotations

from proofroom.core.media.specs import MESSAGES, Check, render_message
from proofroom.site.i18n import language

_NB = "\u00a0"  # French: a no-break space before ":" and ";"

OR_WORD = {"en": "or", "fr": "ou"}

TEMPLATES: dict[str, dict[str, str]] = {
    "fr": {
        "format_ok": ".{ext} est accepté par {channel}",
        "format_bad": f".{{ext}} n’est pas accepté par {{channel}}{_NB}: exportez en {{formats}}",
        "format_none": (
            f"un fichier sans extension n’est pas accepté par {{channel}}{_NB}: "
            "exportez en {formats}"
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
        "duration_unknown": f"durée inconnue{_NB}: vérifiez qu’elle est entre {{low}} et "
        "{high} s",
        "duration_long": f"{{got}} s, hors de {{low}} à {{high}} s pour {{channel}}{_NB}: "
        "raccourcissez",
        "duration_short": f"{{got}} s, hors de {{low}} à {{high}} s pour {{channel}}{_NB}: "
        "allongez",
        "duration_ok": "{got} s, entre {low} et {high} s",
        "dpi_unknown": f"le fichier n’indique pas de résolution{_NB}; réglez {{dpi}} dpi à "
        "l’export",
        "dpi_low": f"{{got}} dpi, {{dpi}} dpi attendus pour {{channel}}{_NB}: exportez en "
        "{dpi} dpi",
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
    },
}


def check_message(lang: str | None, check: Check) -> str:
    """The check's message in ``lang``; English (the check's own) when not translated."""
    code = language(lang)
    template = TEMPLATES.get(code, {}).get(check.key) if check.key else None
    if template is None:
        return check.message
    return render_message(template, check.args, OR_WORD.get(code, "or"))


def missing_translations() -> dict[str, list[str]]:
    """Message keys a language lacks (the tests keep this empty)."""
    return {code: sorted(set(MESSAGES) - set(t)) for code, t in TEMPLATES.items()}
