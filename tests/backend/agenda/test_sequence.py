"""A meeting's life across re-planning: stable UID, SEQUENCE raised on every change, REQUEST then CANCEL."""

import datetime as dt

from django.core import mail

from backend.agenda import services
from tests.backend.agenda.calendars import calendar_parts, ical_events, parse_both, vobject_events


def invitations_to(address: str) -> list[tuple[str, dict]]:
    """(METHOD, {uid: (SEQUENCE, STATUS, DTSTART UTC)}) of each calendar mailed to `address`, in order."""
    found = []
    for message in mail.outbox:
        if address not in message.to:
            continue
        for part in calendar_parts(message.message()):
            data = part.get_payload(decode=True)
            cal, vcal = parse_both(data)
            method = str(cal["METHOD"])
            assert vcal.method.value == method == part.get_param("method")
            events = {}
            for uid, event in ical_events(cal).items():
                vevent = vobject_events(vcal)[uid]
                assert int(event["SEQUENCE"]) == int(vevent.sequence.value)
                events[uid] = (int(event["SEQUENCE"]), str(event["STATUS"]),
                               event.decoded("DTSTART").astimezone(dt.UTC))
            found.append((method, events))
    return found


def uid(day, host, guest) -> str:
    return f"rdv-{day.block.pk}-{host.pk}-{guest.pk}@rencontres-ess"


def test_first_publication_sends_request_with_sequence_zero(day, publish_and_send):
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])

    sent = invitations_to("cantines@exemple.fr")

    assert sent == [("REQUEST", {uid(day, day.funder, day.holder):
                                 (0, "CONFIRMED", dt.datetime(2024, 11, 13, 9, 0, tzinfo=dt.UTC))})]


def test_meeting_moved_then_cancelled_gets_request_then_cancel_with_rising_sequence(day, publish_and_send):
    meeting = uid(day, day.funder, day.holder)
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])
    publish_and_send(day.block, [(day.funder, day.holder, 2, day.table1)])  # moved to 10:30

    publish_and_send(day.block, [])  # removed

    sent = invitations_to("cantines@exemple.fr")
    assert [method for method, _ in sent] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [events[meeting][0] for _, events in sent] == [0, 1, 2]
    assert sent[1][1][meeting][2] == dt.datetime(2024, 11, 13, 9, 30, tzinfo=dt.UTC)
    assert sent[2][1][meeting][1] == "CANCELLED"
    assert invitations_to("fam@exemple.fr") == sent  # the host is told exactly the same


def test_cancelled_meeting_stays_in_feed_with_status_cancelled(client, day, publish_and_send):
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])
    publish_and_send(day.block, [(day.funder, day.holder, 1, day.table1)])
    publish_and_send(day.block, [])
    token = services.get_or_create_feed_token(participant=day.holder, event=day.event)

    data = client.get(f"/ical/{token.token}.ics").content

    cal, vcal = parse_both(data)
    event = vobject_events(vcal)[uid(day, day.funder, day.holder)]
    assert event.status.value == "CANCELLED" and event.sequence.value == "2"
    assert event.summary.value.startswith("Annulé : ")
    assert "METHOD" not in cal  # a feed is not an iTIP message


def test_table_change_alone_raises_sequence(day, publish_and_send):
    other_table = day.block.tables.create(label="3")
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])

    publish_and_send(day.block, [(day.funder, day.holder, 0, other_table)])

    sent = invitations_to("cantines@exemple.fr")
    assert [(method, events[uid(day, day.funder, day.holder)][0]) for method, events in sent] == [
        ("REQUEST", 0), ("REQUEST", 1)]


def test_identical_republication_sends_nothing_and_keeps_sequence(client, day, publish_and_send):
    meetings = [(day.funder, day.holder, 0, day.table1), (day.cigales, day.bicycl, 1, day.table2)]
    publish_and_send(day.block, meetings)
    sent_before = len(mail.outbox)

    publish_and_send(day.block, meetings)

    assert sent_before == 4 and len(mail.outbox) == sent_before
    token = services.get_or_create_feed_token(participant=day.holder, event=day.event)
    _, vcal = parse_both(client.get(f"/ical/{token.token}.ics").content)
    assert vobject_events(vcal)[uid(day, day.funder, day.holder)].sequence.value == "0"


def test_restored_meeting_gets_a_request_with_higher_sequence(day, publish_and_send):
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])
    publish_and_send(day.block, [])

    publish_and_send(day.block, [(day.funder, day.holder, 3, day.table1)])

    sent = invitations_to("cantines@exemple.fr")
    assert [(method, events[uid(day, day.funder, day.holder)][:2]) for method, events in sent] == [
        ("REQUEST", (0, "CONFIRMED")), ("CANCEL", (1, "CANCELLED")), ("REQUEST", (2, "CONFIRMED"))]


def test_only_participants_whose_meetings_changed_are_told(day, publish_and_send):
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1), (day.cigales, day.bicycl, 1, day.table2)])
    mail.outbox.clear()

    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1), (day.cigales, day.bicycl, 3, day.table2)])

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "bicyclaide@exemple.fr", "cigales@exemple.fr"]
    [(method, events)] = invitations_to("bicyclaide@exemple.fr")
    assert list(events) == [uid(day, day.cigales, day.bicycl)]  # only what changed


def test_uid_is_the_same_in_every_version_and_for_both_participants(day, publish_and_send):
    publish_and_send(day.block, [(day.funder, day.holder, 0, day.table1)])
    publish_and_send(day.block, [(day.funder, day.holder, 1, day.table2)])

    uids = {uid_ for address in ("cantines@exemple.fr", "fam@exemple.fr")
            for _, events in invitations_to(address) for uid_ in events}

    assert uids == {uid(day, day.funder, day.holder)}
