"""iCalendar (RFC 5545) and iTIP (RFC 5546) objects, built by small functions (pretalx style).

- UID: stable per meeting across re-planning (`Meeting.uid`), per programme item for sessions.
- DTSTAMP in UTC: the message's creation for iTIP (METHOD set), the last revision for feeds.
- Local times with TZID and a VTIMEZONE: for Europe/Paris the same rule-based definition Google and
  Outlook emit (RRULE, no RDATE lists), for any other zone the one `icalendar` derives from zoneinfo.
- Escaping of , ; \\ and new lines, CRLF, folding at 75 octets: done by `icalendar`, checked by tests.
`icalendar` is imported inside the functions so that `manage.py` starts fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings

from backend.agenda.selectors import AgendaEntry, Person

PRODID = "-//Rencontres ESS//Agenda//FR"
REFRESH = dt.timedelta(hours=1)


def organizer_address() -> tuple[str, str]:
    """(name, e-mail) of the sender: iMIP clients expect the ORGANIZER to be the one who writes."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "Rencontres ESS", address or "rencontres@localhost"


def cal_address(person_name: str, email: str, **params: str):
    from icalendar import vCalAddress

    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = person_name
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    return address


def paris_vtimezone():
    """Europe/Paris as Google Calendar and Outlook write it: EU rule since 1996 (last Sundays, 01:00 UTC)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    timezone = Timezone()
    timezone.add("tzid", "Europe/Paris")
    timezone.add("x-lic-location", "Europe/Paris")
    daylight = TimezoneDaylight()
    daylight.add("tzoffsetfrom", dt.timedelta(hours=1))
    daylight.add("tzoffsetto", dt.timedelta(hours=2))
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", dt.datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzoffsetfrom", dt.timedelta(hours=2))
    standard.add("tzoffsetto", dt.timedelta(hours=1))
    standard.add("tzname", "CET")
    standard.add("dtstart", dt.datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def vtimezone(tzid: str, *, first: dt.date, last: dt.date):
    if tzid == "Europe/Paris":
        return paris_vtimezone()
    from icalendar import Timezone

    return Timezone.from_tzid(tzid, first_date=first - dt.timedelta(days=366), last_date=last + dt.timedelta(days=366))


def vevent(entry: AgendaEntry, *, tzid: str, stamp: dt.datetime, method: str | None):
    from icalendar import Event as VEvent

    zone = ZoneInfo(tzid)
    component = VEvent()
    component.add("uid", entry.uid)
    component.add("dtstamp", stamp.astimezone(dt.UTC))
    component.add("sequence", entry.sequence)
    component.add("dtstart", entry.start.astimezone(zone))
    component.add("dtend", entry.end.astimezone(zone))
    component.add("summary", entry.title)
    component.add("description", entry.description)
    component.add("location", entry.location)
    component.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    component.add("class", "PRIVATE" if entry.kind == "meeting" else "PUBLIC")
    component.add("categories", ["Rendez-vous d'affaires" if entry.kind == "meeting" else "Programme"])
    name, address = organizer_address()
    component.add("organizer", cal_address(name, address))
    if method != "PUBLISH":  # RFC 5546: a PUBLISH carries no ATTENDEE
        for attendee in entry.attendees:
            if attendee.email:
                component.add("attendee", attendee_address(attendee))
    return component


def attendee_address(attendee: Person):
    return cal_address(attendee.name, attendee.email, cutype="INDIVIDUAL", role="REQ-PARTICIPANT",
                       partstat="ACCEPTED", rsvp="FALSE")


def calendar(entries: Iterable[AgendaEntry], *, tzid: str, method: str | None = None, name: str = "",
             stamp: dt.datetime | None = None) -> bytes:
    """A VCALENDAR. With `method` it is an iTIP message (DTSTAMP = now); without, a feed or a download."""
    from icalendar import Calendar

    entries = list(entries)
    now = dt.datetime.now(dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("name", name)
    cal.add("x-wr-timezone", tzid)
    if not method:
        # Calendar apps that subscribe poll again after this delay (RFC 7986 and the Outlook/Apple name).
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
    if entries:
        days = [entry.start.date() for entry in entries]
        cal.add_component(vtimezone(tzid, first=min(days), last=max(days)))
    for entry in entries:
        entry_stamp = stamp or (now if method else entry.changed_at or now)
        cal.add_component(vevent(entry, tzid=tzid, stamp=entry_stamp, method=method))
    return cal.to_ical()
