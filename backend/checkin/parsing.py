"""Parsing of the query parameters shared by the API and the pages (French errors)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from backend.core.errors import AppError
from backend.events.models import Event

MAX_ID = 2**63 - 1  # the largest primary key a database column holds; larger ids overflow the query

def parse_cutoff(value: str | None, *, event: Event) -> dt.datetime:
    """« 10:30 » (that time on the event's day, its time zone), an ISO date-time, or now when empty."""
    value = (value or "").strip()
    if not value:
        return timezone.now()
    zone = ZoneInfo(event.timezone or "Europe/Paris")
    try:
        clock = dt.time.fromisoformat(value)
    except ValueError:
        clock = None
    if clock is not None:
        return dt.datetime.combine(event.date, clock.replace(tzinfo=None), tzinfo=zone)
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise AppError(f"Heure limite illisible : « {value} » (attendu HH:MM ou AAAA-MM-JJTHH:MM).",
                       field="cutoff")
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=zone)


def parse_ids(value: str | list[str] | None, *, field: str) -> list[int] | None:
    """« 3,5,8 » or repeated parameters -> [3, 5, 8]; None when absent (meaning: all)."""
    if value is None or value == "" or value == []:
        return None
    parts = value if isinstance(value, list) else [value]
    ids = []
    for part in parts:
        for item in str(part).split(","):
            item = item.strip()
            if not item:
                continue
            if not item.isdigit() or int(item) > MAX_ID:
                raise AppError(f"{field} : identifiants numériques séparés par des virgules attendus "
                               f"(reçu « {item} »).", field=field)
            ids.append(int(item))
    return ids or None
