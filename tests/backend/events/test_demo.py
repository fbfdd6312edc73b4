import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from backend.events.demo import EVENT_SLUG, build_base_day, build_data
from backend.events.models import Event, Organization, Participant, ProgrammeItem, Registration, WorkshopSeat
from backend.events.permissions import is_organizer
from backend.events.validators import siret_problem

pytestmark = pytest.mark.django_db


def snapshot():
    User = get_user_model()
    ours = [person.username for person in build_data().people]
    return {
        "users": sorted(User.objects.filter(username__in=ours).values_list("username", "email", "password",
                                                                            "is_staff")),
        "organizations": sorted(Organization.objects.values_list("name", "kind", "commune", "siret")),
        "participants": sorted(Participant.objects.values_list("user__username", "role", "organization__name")),
        "registrations": sorted(Registration.objects.values_list("participant__user__username", "status",
                                                                 "consent_at", "updated_at")),
        "programme": sorted(ProgrammeItem.objects.values_list("slug", "start", "end", "capacity")),
        "seats": sorted(WorkshopSeat.objects.values_list("registration_id", "item__slug", "status")),
    }


def whole_day_snapshot():
    """Every account (desk included), the published timetables, badges and feed tokens."""
    from backend.agenda.models import FeedToken
    from backend.checkin.models import Badge
    from backend.meetings.models import Meeting, SolveRun, TimetableVersion, Wish

    return {
        **snapshot(),
        "users": sorted(get_user_model().objects.values_list("username", "email", "password", "is_staff")),
        "wishes": sorted(Wish.objects.values_list("guest_id", "host_id", "rank", "status")),
        "runs": SolveRun.objects.count(),
        "versions": sorted(TimetableVersion.objects.values_list("block_id", "number")),
        "meetings": Meeting.objects.count(),
        "badges": sorted(Badge.objects.values_list("registration_id", "version")),
        "feeds": sorted(FeedToken.objects.values_list("participant_id", "token")),
    }


def test_demo_builds_the_day_with_expected_volume():
    event, _ = build_base_day()
    roles = {role: event.registrations.filter(participant__role=role).count() for role in Participant.Role.values}
    assert roles["funder"] + roles["expert"] == 30
    assert roles["project_holder"] == 120
    assert roles["buyer"] == 40
    assert roles["siae"] == 80
    assert set(event.registrations.values_list("status", flat=True)) == {"confirmed"}
    assert str(event.date) == "2024-11-13"
    assert event.programme.filter(kind="meeting_block").count() == 2
    morning = [timezone.localtime(i.start).strftime("%H:%M") for i in event.programme.filter(kind="workshop")]
    assert morning.count("08:30") == 3


def test_demo_real_names_and_valid_sirets():
    build_base_day()
    names = set(Organization.objects.values_list("name", flat=True))
    assert {"BicyclAide", "Les petites cantines", "ECOLAU", "Lit uP", "France Active Métropole", "Les Cigales",
            "Villyz", "Base Commune", "KPMG"} <= names
    sirets = [s for s in Organization.objects.values_list("siret", flat=True) if s]
    assert len(sirets) > 200
    assert [s for s in sirets if siret_problem(s)] == []


def test_demo_logins_exist_with_roles_and_rights():
    event, _ = build_base_day()
    User = get_user_model()
    organizer = User.objects.get(username="organisateur")
    assert organizer.is_staff and not organizer.is_superuser
    assert organizer.groups.filter(name="Organisateurs").exists()
    assert is_organizer(organizer, event)
    assert User.objects.get(username="financeur").participant.organization.name == "France Active Métropole"
    assert User.objects.get(username="porteur").participant.role == "project_holder"
    for username in ("organisateur", "financeur", "porteur"):
        assert User.objects.get(username=username).check_password("rencontres-demo")


def test_demo_second_run_changes_nothing():
    build_base_day()
    before = snapshot()
    _, counts = build_base_day()
    assert snapshot() == before
    assert counts.created == {k: 0 for k in counts.created}


@pytest.mark.slow  # runs the other apps' demo parts too (meeting solve, badges): tens of seconds
def test_demo_command_twice_is_idempotent():
    out = io.StringIO()
    call_command("demo", stdout=out)
    before = whole_day_snapshot()
    call_command("demo", stdout=out)
    assert whole_day_snapshot() == before
    assert Event.objects.filter(slug=EVENT_SLUG).count() == 1
    assert "rien à créer" in out.getvalue()
