"""RFC 5545 rules, one by one, on the calendars the feed serves, read back with icalendar and vobject."""

import datetime as dt

import pytest

from backend.agenda import services
from backend.events.models import ProgrammeItem
from tests.backend.agenda.calendars import ical_events, parse_both, physical_lines, utc, vobject_events
from tests.factories import PARIS, EventFactory, ParticipantFactory, ProgrammeItemFactory, RegistrationFactory
from tests.meeting_factories import MeetingBlockFactory, TableFactory, publish

REASONS = "Microcrédit, prêt d'honneur; garantie\nthème : alimentation durable"


def feed_bytes(client, participant, event) -> bytes:
    token = services.get_or_create_feed_token(participant=participant, event=event)
    response = client.get(f"/ical/{token.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


@pytest.fixture
def published(day):
    publish(day.block, [(day.funder, day.holder, 0, day.table1, REASONS), (day.cigales, day.bicycl, 1, day.table2)])
    return day


def test_feed_parses_with_both_parsers_to_the_same_events(client, published):
    data = feed_bytes(client, published.holder, published.event)

    cal, vcal = parse_both(data)

    ical, vobj = ical_events(cal), vobject_events(vcal)
    assert set(ical) == set(vobj) and len(ical) == 2  # the plenary and the meeting
    for uid, event in ical.items():
        assert utc(event.decoded("DTSTART")) == utc(vobj[uid].dtstart.value)
        assert utc(event.decoded("DTEND")) == utc(vobj[uid].dtend.value)
        assert str(event["SUMMARY"]) == vobj[uid].summary.value


def test_feed_lines_end_with_crlf_and_fold_at_75_octets(client, published):
    data = feed_bytes(client, published.holder, published.event)

    lines = physical_lines(data)

    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long accented lines really were folded
    for line in lines:
        line.decode("utf-8")  # folding never splits a UTF-8 character


def test_feed_dtstamp_is_utc(client, published):
    data = feed_bytes(client, published.holder, published.event)

    cal, vcal = parse_both(data)

    stamps = [line for line in physical_lines(data) if line.startswith(b"DTSTAMP")]
    assert stamps and all(line.endswith(b"Z") and b"TZID" not in line for line in stamps)
    for event in vobject_events(vcal).values():
        assert event.dtstamp.value.utcoffset() == dt.timedelta(0)


def test_feed_november_meeting_is_at_paris_local_time(client, published):
    data = feed_bytes(client, published.holder, published.event)

    cal, vcal = parse_both(data)

    uid = f"rdv-{published.block.pk}-{published.funder.pk}-{published.holder.pk}@rencontres-ess"
    assert b"DTSTART;TZID=Europe/Paris:20241113T100000" in data
    assert utc(ical_events(cal)[uid].decoded("DTSTART")) == dt.datetime(2024, 11, 13, 9, 0, tzinfo=dt.UTC)
    # vobject computes the offset from the VTIMEZONE written in the file, not from its own database.
    assert "tzicalvtz" in type(vobject_events(vcal)[uid].dtstart.value.tzinfo).__name__
    assert utc(vobject_events(vcal)[uid].dtstart.value) == dt.datetime(2024, 11, 13, 9, 0, tzinfo=dt.UTC)


def test_feed_across_march_dst_change_keeps_local_times(client, db):
    event = EventFactory(date=dt.date(2025, 3, 30))
    night = ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.PLENARY, title="Veille de nuit",
                                 start=dt.datetime(2025, 3, 30, 1, 30, tzinfo=PARIS),
                                 end=dt.datetime(2025, 3, 30, 3, 30, tzinfo=PARIS))
    block = MeetingBlockFactory(item__event=event, slots=2)
    host, guest = ParticipantFactory(role="funder"), ParticipantFactory()
    for participant in (host, guest):
        RegistrationFactory(event=event, participant=participant)
    publish(block, [(host, guest, 1, TableFactory(block=block, host=host))])
    data = feed_bytes(client, guest, event)

    cal, vcal = parse_both(data)

    ical, vobj = ical_events(cal), vobject_events(vcal)
    meeting_uid = f"rdv-{block.pk}-{host.pk}-{guest.pk}@rencontres-ess"
    night_uid = f"session-{night.pk}@rencontres-ess"
    assert b"DTSTART;TZID=Europe/Paris:20250330T101500" in data
    for events in (ical, vobj):
        start = events[meeting_uid].decoded("DTSTART") if events is ical else events[meeting_uid].dtstart.value
        assert utc(start) == dt.datetime(2025, 3, 30, 8, 15, tzinfo=dt.UTC)  # CEST, UTC+2
    # 01:30 CET to 03:30 CEST: one real hour, both parsers agree.
    assert utc(vobj[night_uid].dtstart.value) == dt.datetime(2025, 3, 30, 0, 30, tzinfo=dt.UTC)
    assert utc(vobj[night_uid].dtend.value) == dt.datetime(2025, 3, 30, 1, 30, tzinfo=dt.UTC)
    assert utc(ical[night_uid].decoded("DTEND")) - utc(ical[night_uid].decoded("DTSTART")) == dt.timedelta(hours=1)


def test_feed_has_vtimezone_for_europe_paris(client, published):
    data = feed_bytes(client, published.holder, published.event)

    cal, vcal = parse_both(data)

    [timezone] = cal.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Paris"
    assert b"TZID=Europe/Paris" in data
    tzinfo = vcal.vtimezone.gettzinfo()
    assert dt.datetime(2024, 11, 13, 12, tzinfo=tzinfo).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2025, 7, 1, 12, tzinfo=tzinfo).utcoffset() == dt.timedelta(hours=2)


def test_feed_accents_commas_semicolons_and_new_lines_survive(client, published):
    data = feed_bytes(client, published.funder, published.event)

    cal, vcal = parse_both(data)

    uid = f"rdv-{published.block.pk}-{published.funder.pk}-{published.holder.pk}@rencontres-ess"
    name = "Élodie N'Diaye; Le Gall, dite\n« Lo »"
    organization = "Les petites cantines, Courbevoie; « Lit uP »"
    expected_summary = f"Rendez-vous avec {name} ({organization})"
    ical, vobj = ical_events(cal)[uid], vobject_events(vcal)[uid]
    assert str(ical["SUMMARY"]) == vobj.summary.value == expected_summary
    assert REASONS in str(ical["DESCRIPTION"]) and REASONS in vobj.description.value
    assert "Workstation, Courbevoie, 1 place des Saisons; 92400 Courbevoie" in vobj.location.value
    assert b"Workstation\\, Courbevoie\\, 1 place des Saisons\\; 92400" in data.replace(b"\r\n ", b"")
    attendee_names = {str(attendee.params["CN"]) for attendee in ical.get("ATTENDEE")}
    assert name in attendee_names  # RFC 6868 ^n keeps the new line inside the parameter
    assert {attendee.value for attendee in vobj.attendee_list} == {"mailto:fam@exemple.fr",
                                                                   "mailto:cantines@exemple.fr"}


def test_feed_meeting_has_location_with_venue_and_table_organizer_and_attendees(client, published):
    data = feed_bytes(client, published.holder, published.event)

    cal, vcal = parse_both(data)

    uid = f"rdv-{published.block.pk}-{published.funder.pk}-{published.holder.pk}@rencontres-ess"
    event = vobject_events(vcal)[uid]
    assert event.location.value.startswith("Workstation, Courbevoie")
    assert event.location.value.endswith("table 1")
    assert event.organizer.value == "mailto:rencontres@example.fr"
    assert event.organizer.params["CN"] == ["Rencontres ESS"]
    assert sorted(a.value for a in event.attendee_list) == ["mailto:cantines@exemple.fr", "mailto:fam@exemple.fr"]
    assert event.status.value == "CONFIRMED" and event.sequence.value == "0"
    assert "France Active Métropole" in event.summary.value
    assert "Contact : fam@exemple.fr · 01 23 45 67 89" in event.description.value


def test_feed_of_event_in_other_timezone_gets_a_generated_vtimezone(client, db):
    montreal = dt.datetime(2024, 11, 13, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    event = EventFactory(date=dt.date(2024, 11, 13), timezone="America/Montreal")
    ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.PLENARY, start=montreal,
                         end=montreal + dt.timedelta(hours=1))
    participant = ParticipantFactory()
    RegistrationFactory(event=event, participant=participant)
    data = feed_bytes(client, participant, event)

    cal, vcal = parse_both(data)

    assert b"DTSTART;TZID=America/Montreal:20241113T090000" in data
    assert utc(vcal.vevent.dtstart.value) == dt.datetime(2024, 11, 13, 14, 0, tzinfo=dt.UTC)
