"""Meeting blocks: configuration, slot generation, tables; every bad input refused in French."""

import pytest

from backend.core.errors import AppError
from backend.events.models import ProgrammeItem
from backend.meetings import services
from backend.meetings.models import MeetingBlock, Pause, Slot
from tests.factories import ProgrammeItemFactory

from .conftest import at


def test_configure_block_mfi_morning_gives_fourteen_quarter_hours(day):
    item = ProgrammeItemFactory(event=day.event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="matin",
                                start=at(10), end=at(13, 30))

    block = services.configure_block(item=item, host_roles=["funder", "expert"], guest_roles=["project_holder"])

    slots = list(block.slots.order_by("index"))
    assert len(slots) == 14
    assert (slots[0].start, slots[-1].end) == (at(10), at(13, 30))
    assert all((s.end - s.start).seconds == 15 * 60 for s in slots)


def test_configure_block_with_pause_starts_next_slot_after_it(day):
    item = ProgrammeItemFactory(event=day.event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="conv",
                                start=at(16, 30), end=at(18, 30))

    block = services.configure_block(item=item, host_roles=["buyer"], guest_roles=["siae"], slot_minutes=20,
                                     pauses=[(at(17, 30), at(17, 40))])

    starts = [s.start for s in block.slots.order_by("index")]
    assert starts == [at(16, 30), at(16, 50), at(17, 10), at(17, 40), at(18, 0)]
    assert block.pauses.count() == 1


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"host_roles": [], "guest_roles": ["siae"]}, "host_roles"),
    ({"host_roles": ["buyer"], "guest_roles": ["pirate"]}, "guest_roles"),
    ({"host_roles": ["buyer"], "guest_roles": ["buyer"]}, "guest_roles"),
    ({"host_roles": ["buyer"], "guest_roles": ["siae"], "slot_minutes": 3}, "slot_minutes"),
    ({"host_roles": ["buyer"], "guest_roles": ["siae"], "slot_minutes": 500}, "slot_minutes"),
    ({"host_roles": ["buyer"], "guest_roles": ["siae"], "max_wishes_per_guest": 0}, "max_wishes_per_guest"),
    ({"host_roles": ["buyer"], "guest_roles": ["siae"], "pauses": [(at(9), at(9, 30))]}, "pauses"),
    ({"host_roles": ["buyer"], "guest_roles": ["siae"], "pauses": [(at(16, 50), at(16, 40))]}, "pauses"),
])
def test_configure_block_bad_input_refused_and_nothing_stored(day, kwargs, field):
    item = ProgrammeItemFactory(event=day.event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="mauvais",
                                start=at(16, 30), end=at(18, 30))

    with pytest.raises(AppError) as error:
        services.configure_block(item=item, **kwargs)

    assert error.value.field == field
    assert error.value.message[0].isupper()
    assert not MeetingBlock.objects.filter(item=item).exists()


def test_configure_block_on_a_workshop_refused(day):
    with pytest.raises(AppError, match="n'est pas un bloc"):
        services.configure_block(item=day.workshop, host_roles=["funder"], guest_roles=["project_holder"])


def test_configure_block_slot_change_after_a_solve_refused_slots_kept(day, wishes):
    services.start_solve(block=day.block, user=day.organizer, background=False)
    before = list(Slot.objects.filter(block=day.block).values_list("pk", flat=True))

    with pytest.raises(AppError) as error:
        services.configure_block(item=day.block.item, host_roles=["funder"], guest_roles=["project_holder"],
                                 slot_minutes=20)

    assert error.value.status == 409
    assert list(Slot.objects.filter(block=day.block).values_list("pk", flat=True)) == before
    day.block.refresh_from_db()
    assert day.block.slot_minutes == 15


def test_configure_block_unchanged_times_keeps_slots_after_solve(day, wishes):
    services.start_solve(block=day.block, user=day.organizer, background=False)

    block = services.configure_block(item=day.block.item, host_roles=["funder", "expert"],
                                     guest_roles=["project_holder"], slot_minutes=15, max_wishes_per_guest=5)

    assert block.max_wishes_per_guest == 5
    assert Pause.objects.filter(block=block).count() == 0


def test_set_tables_fixed_and_shared(day):
    tables = services.set_tables(block=day.block, tables=[
        {"label": "A", "accessible": True, "host": day.hosts[0].pk}, {"label": "B", "accessible": False}])

    assert [(t.label, t.accessible, t.host_id) for t in tables] == [("A", True, day.hosts[0].pk), ("B", False, None)]


@pytest.mark.parametrize("tables", [
    [{"label": ""}],
    [{"label": "A"}, {"label": "A"}],
    [{"label": "A", "host": "guest"}],
    [{"label": "A", "host": "host0"}, {"label": "B", "host": "host0"}],
])
def test_set_tables_bad_input_keeps_previous_tables(day, tables):
    people = {"guest": day.guests[0].pk, "host0": day.hosts[0].pk}
    for table in tables:
        if table.get("host") in people:
            table["host"] = people[table["host"]]
    before = list(day.block.tables.values_list("label", flat=True))

    with pytest.raises(AppError):
        services.set_tables(block=day.block, tables=tables)

    assert list(day.block.tables.values_list("label", flat=True)) == before
