"""E-mails with calendars: iMIP (RFC 6047) invitations and cancellations, programme attachments.

Structure, the one Google Calendar itself sends and Outlook, Gmail and Apple Mail all process:

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST (or CANCEL)   <- what the client's invitation card reads
      application/ics; name=invitation.ics          <- the same object, for manual import

One METHOD per message: clients take the first text/calendar part and ignore the others, so a
CANCEL and a REQUEST never share an e-mail. The calendar is attached as bytes in base64 so that its
CRLF line ends and 75-octet folding reach the client untouched.
"""

from __future__ import annotations

from email.message import MIMEPart

from django.core.mail import EmailMultiAlternatives

from backend.agenda.models import Delivery

ITIP_METHODS = {"REQUEST", "CANCEL"}


class CalendarMessage(EmailMultiAlternatives):
    def __init__(self, *args, calendar: bytes = b"", method: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.calendar = calendar
        self.method = method
        if calendar:
            name = "invitation.ics" if method in ITIP_METHODS else "programme.ics"
            attachment_type = ("application", "ics") if method in ITIP_METHODS else ("text", "calendar")
            self.attach(calendar_part(calendar, method=method, maintype=attachment_type[0],
                                      subtype=attachment_type[1], filename=name))

    def _add_bodies(self, msg):
        super()._add_bodies(msg)
        if self.calendar and self.method in ITIP_METHODS:
            msg.add_alternative(self.calendar, maintype="text", subtype="calendar", cte="base64",
                                params={"method": self.method, "charset": "utf-8"})
        return msg


def calendar_part(calendar: bytes, *, method: str, maintype: str, subtype: str, filename: str) -> MIMEPart:
    part = MIMEPart()
    params = {"charset": "utf-8"} if maintype == "text" else {}
    if method and maintype == "text":
        params["method"] = method
    part.set_content(calendar, maintype=maintype, subtype=subtype, cte="base64", disposition="attachment",
                     filename=filename, params=params)
    return part


def build_message(delivery: Delivery) -> CalendarMessage:
    message = CalendarMessage(
        subject=delivery.subject, body=delivery.body_text, to=[delivery.recipient],
        calendar=delivery.calendar.encode("utf-8"), method=delivery.calendar_method,
    )
    if delivery.body_html:
        message.attach_alternative(delivery.body_html, "text/html")
    return message
