"""Reading calendars back with two parsers that share no code: `icalendar` and `vobject`."""

import datetime as dt
from email.message import EmailMessage

import icalendar
import vobject


def parse_both(data: bytes):
    """(icalendar Calendar, vobject component); both must accept the bytes as they are."""
    return icalendar.Calendar.from_ical(data), vobject.readOne(data.decode("utf-8"))


def ical_events(cal) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def vobject_events(component) -> dict:
    return {event.uid.value: event for event in getattr(component, "vevent_list", [])}


def utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def calendar_parts(message: EmailMessage) -> list[EmailMessage]:
    return [part for part in message.walk() if part.get_content_type() == "text/calendar"]


def mime_message(django_message) -> EmailMessage:
    return django_message.message()
