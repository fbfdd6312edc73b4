"""A small demo-like day: an MFI speed-meeting block and a Busin'ESS block, with profiles."""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from backend.events.models import Participant, ProgrammeItem
from backend.meetings import services
from backend.meetings.models import MeetingBlock, Term
from tests.factories import (
    PARIS,
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    UserFactory,
)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 11, 13, hour, minute, tzinfo=PARIS)


def terms(kind: str, *codes: str) -> list[Term]:
    found = list(Term.objects.filter(kind=kind, code__in=codes))
    assert len(found) == len(codes), f"codes inconnus : {codes}"
    return found


def person(event, role: str, org_name: str, *, confirmed: bool = True, kind: str = "association") -> Participant:
    participant = ParticipantFactory(role=role, organization=OrganizationFactory(name=org_name, kind=kind))
    RegistrationFactory(event=event, participant=participant,
                        status="confirmed" if confirmed else "pending")
    return participant


@dataclass
class Day:
    event: object
    organizer: object
    block: MeetingBlock
    hosts: list = field(default_factory=list)
    guests: list = field(default_factory=list)
    business: MeetingBlock | None = None
    buyers: list = field(default_factory=list)
    siaes: list = field(default_factory=list)
    workshop: object = None
    outsider: object = None


@pytest.fixture
def organizer(db):
    return UserFactory(username="orga")


@pytest.fixture
def day(db, organizer) -> Day:
    event = EventFactory(slug="jour", name="Rencontres ESS test", organizers=[organizer])
    workshop = ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.WORKSHOP, slug="atelier",
                                    title="Atelier", start=at(10, 0), end=at(10, 30))
    item = ProgrammeItemFactory(event=event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="mfi",
                                title="Speed meetings MFI", start=at(10), end=at(11, 30))
    block = services.configure_block(item=item, host_roles=["funder", "expert"], guest_roles=["project_holder"],
                                     slot_minutes=15, max_wishes_per_guest=4, solve_time_limit_s=2)
    hosts = [person(event, "funder", "France Active Métropole", kind="funder"),
             person(event, "funder", "Les Cigales", kind="funder"),
             person(event, "expert", "KPMG", kind="company")]
    guests = [person(event, "project_holder", name) for name in
              ("BicyclAide", "Les petites cantines", "ECOLAU", "Lit uP", "Atelier Vélo Nanterre")]
    offers = [("pret-honneur", "garantie"), ("epargne-solidaire", "love-money"), ("accompagnement",)]
    for host, instruments in zip(hosts, offers, strict=True):
        services.save_profile(participant=host, instruments=terms("instrument", *instruments), ticket_min_eur=1000,
                              ticket_max_eur=100000, territory="92")
    needs = [("pret-honneur",), ("epargne-solidaire",), ("garantie", "accompagnement"), ("love-money",),
             ("pret-honneur", "accompagnement")]
    for guest, instruments in zip(guests, needs, strict=True):
        services.save_profile(participant=guest, instruments=terms("instrument", *instruments), amount_eur=20000,
                              commune="Nanterre", themes=terms("theme", "economie-circulaire"))
    services.set_tables(block=block, tables=[{"label": f"Table {i + 1}", "accessible": i == 0, "host": h.pk}
                                             for i, h in enumerate(hosts)])
    outsider = person(event, "buyer", "Acheteur hors bloc", kind="company")
    return Day(event=event, organizer=organizer, block=block, hosts=hosts, guests=guests, workshop=workshop,
               outsider=outsider)


@pytest.fixture
def business_day(day) -> Day:
    item = ProgrammeItemFactory(event=day.event, kind=ProgrammeItem.Kind.MEETING_BLOCK, slug="business",
                                title="Convention Busin'ESS 92", start=at(16), end=at(17, 30))
    day.business = services.configure_block(item=item, host_roles=["buyer"], guest_roles=["siae"], slot_minutes=30,
                                            hosts_must_accept=True, solve_time_limit_s=2)
    day.buyers = [person(day.event, "buyer", name, kind="public_body") for name in ("Département 92", "Vinci")]
    services.set_tables(block=day.business, tables=[{"label": "B1", "accessible": True}, {"label": "B2"}])
    day.siaes = [person(day.event, "siae", name, kind="siae") for name in ("Envie 92", "Ares", "Travail & Vie")]
    for buyer, cats in zip(day.buyers, [("nettoyage", "espaces-verts"), ("reemploi-informatique",)], strict=True):
        services.save_profile(participant=buyer, categories=terms("purchase_category", *cats), commune="Nanterre")
    for siae, cats in zip(day.siaes, [("reemploi-informatique",), ("nettoyage",), ("espaces-verts", "nettoyage")],
                          strict=True):
        services.save_profile(participant=siae, categories=terms("purchase_category", *cats), territory="92")
    return day


@pytest.fixture
def wishes(day):
    """Every guest wishes two or three hosts."""
    h = day.hosts
    plan = {0: [0, 2], 1: [1, 0], 2: [0, 2, 1], 3: [1], 4: [0, 2]}
    for g, hosts in plan.items():
        for i in hosts:
            services.add_wish(block=day.block, guest=day.guests[g], host=h[i])
    return plan


@pytest.fixture(autouse=True)
def vocabulary(db):
    """The seeded vocabularies (a transactional test elsewhere may have flushed them)."""
    from matchmaking import vocabulary as voc

    for kind, values in (("instrument", voc.INSTRUMENTS), ("theme", voc.THEMES), ("stage", voc.STAGES),
                         ("purchase_category", voc.PURCHASE_CATEGORIES)):
        for position, (code, label) in enumerate(values):
            Term.objects.get_or_create(kind=kind, code=code, defaults={"label": label, "position": position})


def run_worker() -> None:
    """What `manage.py db_worker --batch` does: run every ready task of the database backend, then stop."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def url(block, suffix: str = "") -> str:
    return f"/api/events/{block.item.event.slug}/blocks/{block.item.slug}/{suffix}"
