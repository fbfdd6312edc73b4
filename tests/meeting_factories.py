"""Published timetables for tests, built directly with the meetings models (no solver)."""

import datetime as dt

import factory

from backend.events.models import ProgrammeItem
from backend.meetings.models import Meeting, MeetingBlock, Slot, SolveRun, Table, TimetableVersion
from tests.factories import PARIS, ProgrammeItemFactory


class MeetingBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingBlock
        skip_postgeneration_save = True

    item = factory.SubFactory(
        ProgrammeItemFactory, kind=ProgrammeItem.Kind.MEETING_BLOCK, title="Matinée des financements",
        slug=factory.Sequence(lambda n: f"rdv-{n}"), room="Grand plateau",
        start=factory.LazyAttribute(lambda o: dt.datetime.combine(o.event.date, dt.time(10, 0), tzinfo=PARIS)),
        end=factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=3, minutes=30)))
    slot_minutes = 15
    host_roles = factory.LazyFunction(lambda: ["funder", "expert"])
    guest_roles = factory.LazyFunction(lambda: ["project_holder"])

    @factory.post_generation
    def slots(self, create, extracted, **kwargs):
        """MeetingBlockFactory(slots=4) creates that many consecutive slots from the item's start."""
        if not create:
            return
        for index in range(extracted if extracted is not None else 4):
            start = self.item.start + dt.timedelta(minutes=self.slot_minutes * index)
            Slot.objects.create(block=self, index=index, start=start,
                                end=start + dt.timedelta(minutes=self.slot_minutes))


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    block = factory.SubFactory(MeetingBlockFactory)
    label = factory.Sequence(lambda n: f"T{n}")


def publish(block: MeetingBlock, meetings: list[tuple]) -> TimetableVersion:
    """A new published version of the block: meetings as (host, guest, slot index, table or None[, reasons])."""
    number = (block.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    run = SolveRun.objects.create(block=block, status=SolveRun.Status.DONE)
    version = TimetableVersion.objects.create(block=block, number=number, run=run)
    for host, guest, slot_index, table, *rest in meetings:
        Meeting.objects.create(version=version, host=host, guest=guest, slot=block.slots.get(index=slot_index),
                               table=table, reasons=rest[0] if rest else "")
    return version
