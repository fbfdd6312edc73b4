"""From wishes to a published timetable, through the API and the database task worker only:
the MFI speed meetings (with a no-show re-plan), then the Busin'ESS 92 convention (hosts accept)."""

import pytest

from backend.events.models import ProgrammeItem
from backend.meetings import selectors, services
from backend.meetings.models import Meeting
from tests.factories import ProgrammeItemFactory

from .conftest import at, client_for, person, run_worker, url

pytestmark = pytest.mark.django_db(transaction=True)


def solve_and_publish(organizer, block, **body):
    api = client_for(organizer)
    started = api.post(url(block, "runs/"), {"time_limit_s": 2, **body}, format="json")
    assert started.status_code == 202, started.json()
    run_worker()
    run_id = started.json()["id"]
    status = api.get(f"/api/runs/{run_id}/status/").json()
    assert status["status"] == "done", status
    diff = api.get(f"/api/runs/{run_id}/diff/").json()
    published = api.post(f"/api/runs/{run_id}/publish/")
    assert published.status_code == 201, published.json()
    return status, diff, published.json()


def test_mfi_from_profiles_and_wishes_to_published_timetable_then_no_show_replan(day):
    guests, hosts = day.guests, day.hosts
    for guest in guests:
        api = client_for(guest.user)
        ranked = api.get(url(day.block, "suggestions/"), {"compatible": "1"}).json()
        for row in ranked[:2]:
            assert api.post(url(day.block, "wishes/"), {"host": row["host"]["id"]}, format="json").status_code == 201
    client_for(hosts[0].user).put(url(day.block, f"interests/{guests[0].pk}/"))

    status, diff, version = solve_and_publish(day.organizer, day.block)

    assert status["metrics"]["coverage"] == len(guests)
    assert diff["counts"]["added"] == status["metrics"]["meetings"]
    bicyclaide = list(selectors.participant_meetings(participant=guests[0], event=day.event))
    assert bicyclaide and all(m.guest_id == guests[0].pk for m in bicyclaide)
    assert {m.host_id for m in bicyclaide} <= {w.host_id for w in guests[0].wishes_made.all()}

    # Host 1 does not come: re-plan without them; their meetings are cancelled, the others kept or moved.
    absent = hosts[1]
    had = Meeting.objects.filter(version_id=version["id"], host=absent).count()
    status2, diff2, version2 = solve_and_publish(day.organizer, day.block, replan=True,
                                                 absent_participant_ids=[absent.pk])

    assert version2["number"] == 2
    assert diff2["counts"]["cancelled"] >= had > 0
    assert not Meeting.objects.filter(version_id=version2["id"], host=absent).exists()
    assert selectors.current_version(block=day.block).pk == version2["id"]


def test_business_convention_hosts_accept_then_published(business_day):
    day, block = business_day, business_day.business
    for siae in day.siaes:
        api = client_for(siae.user)
        for row in api.get(url(block, "suggestions/")).json()[:2]:
            api.post(url(block, "wishes/"), {"host": row["host"]["id"]}, format="json")
    declined = None
    for buyer in [*day.buyers, day.outsider]:  # the outsider is a buyer: a host of this block
        api = client_for(buyer.user)
        for index, wish in enumerate(api.get(url(block, "received-wishes/")).json()):
            accept = not (declined is None and index == 0)
            api.post(url(block, f"wishes/{wish['id']}/answer/"), {"accept": accept}, format="json")
            if not accept:
                declined = (buyer, wish["guest"]["id"])

    status, _, version = solve_and_publish(day.organizer, block)

    meetings = Meeting.objects.filter(version_id=version["id"])
    accepted = block.wishes.filter(status="accepted").count()
    assert status["metrics"]["meetings"] == meetings.count() == accepted
    assert all(m.table_id is not None for m in meetings)
    buyer, guest_id = declined
    assert not meetings.filter(host=buyer, guest_id=guest_id).exists()
    assert {(m.slot.end - m.slot.start).seconds for m in meetings} == {block.slot_minutes * 60}


def test_pitch_training_panel_hears_project_holders_one_after_another(day):
    """A pitch session is a block whose single host is the panel: one table, one holder per slot."""
    item = ProgrammeItemFactory(event=day.event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="pitch",
                                title="Entraînement au pitch", start=at(14), end=at(15, 30))
    block = services.configure_block(item=item, host_roles=["expert"], guest_roles=["project_holder"],
                                     slot_minutes=15, solve_time_limit_s=2)
    panel = person(day.event, "expert", "Jury PROGR'ESS (KPMG, France Active, Les Cigales)", kind="company")
    services.set_tables(block=block, tables=[{"label": "Salle jury", "accessible": True, "host": panel.pk}])
    for guest in day.guests:
        assert client_for(guest.user).post(url(block, "wishes/"), {"host": panel.pk},
                                           format="json").status_code == 201

    status, _, version = solve_and_publish(day.organizer, block)

    heard = list(Meeting.objects.filter(version_id=version["id"]).order_by("slot__index"))
    assert status["metrics"]["coverage"] == len(day.guests) == len(heard)
    assert {m.host_id for m in heard} == {panel.pk}
    assert len({m.slot_id for m in heard}) == len(heard)  # one holder at a time
    assert {m.table.label for m in heard} == {"Salle jury"}
