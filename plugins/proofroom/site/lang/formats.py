"""Dates, times, sizes and lengths as the pages write them, in the page's language."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from proofroom.site.lang import LANGUAGES, decimal, language, t

_NB = "\u00a0"  # between day, month and year: a date never breaks across lines


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
    month = LANGUAGES[language(lang)].MONTHS[value.month - 1]
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
            return t(lang, unit, n=decimal(lang, f"{size / scale:.1f}"))
    raise AssertionError("unreachable")
