"""Solving and publishing through the services: runs, failures, versions, re-planning, the signal."""

import datetime as dt

import pytest
from django.utils import timezone

import scheduling
from backend.core.errors import AppError
from backend.meetings import selectors, services, solving
from backend.meetings.models import Meeting, SolveRun, TimetableVersion
from backend.meetings.signals import timetable_published
from tests.factories import UserFactory

from .conftest import at


def solved(day, **kwargs) -> SolveRun:
    run = services.start_solve(block=day.block, user=day.organizer, background=False, time_limit_s=2, **kwargs)
    return solving.execute_run(run_id=run.pk, progress_interval_s=0.01)


def pairs(version):
    return {(m.host_id, m.guest_id, m.slot_id, m.table_id) for m in version.meetings.all()}


def test_solve_stores_schedule_metrics_and_progress(day, wishes):
    run = solved(day)

    assert run.status == SolveRun.Status.DONE
    assert run.schedule["status"] in ("optimal", "feasible")
    assert scheduling.check(run.problem, run.schedule) == []
    assert run.schedule["metrics"]["coverage"] == len(day.guests)
    assert {"coverage", "weight", "bound", "fraction"} <= set(run.progress)
    assert run.started_at <= run.finished_at


def test_start_solve_by_a_non_organizer_refused(day, wishes):
    with pytest.raises(AppError) as error:
        services.start_solve(block=day.block, user=UserFactory(), background=False)

    assert error.value.status == 403
    assert not SolveRun.objects.exists()


def test_start_solve_while_one_is_active_conflicts(day, wishes):
    services.start_solve(block=day.block, user=day.organizer, background=False)

    with pytest.raises(AppError) as error:
        services.start_solve(block=day.block, user=day.organizer, background=False)

    assert error.value.status == 409
    assert SolveRun.objects.count() == 1


def test_start_solve_without_requests_refused(day):
    with pytest.raises(AppError, match="Aucune demande"):
        services.start_solve(block=day.block, user=day.organizer, background=False)

    assert not SolveRun.objects.exists()


def test_start_solve_bad_time_limit_refused(day, wishes):
    with pytest.raises(AppError) as error:
        services.start_solve(block=day.block, user=day.organizer, time_limit_s=0, background=False)

    assert error.value.field == "time_limit_s"


def test_publish_run_writes_meetings_of_a_new_version(day, wishes):
    run = solved(day)

    version = services.publish_run(run=run, user=day.organizer)

    assert version.number == 1
    assert version.meetings.count() == run.schedule["metrics"]["meetings"]
    assert selectors.current_version(block=day.block) == version
    meeting = version.meetings.first()
    assert meeting.uid == f"rdv-{day.block.pk}-{meeting.host_id}-{meeting.guest_id}@rencontres-ess"
    assert meeting.weight > 1


def test_publish_run_meeting_keeps_french_reasons(day, wishes):
    version = services.publish_run(run=solved(day), user=day.organizer)

    bicyclaide = version.meetings.get(guest=day.guests[0], host=day.hosts[0])
    assert "prêt d'honneur" in bicyclaide.reasons


def test_publish_run_sends_signal_on_commit(day, wishes, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    timetable_published.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = services.publish_run(run=solved(day), user=day.organizer)
        with django_capture_on_commit_callbacks(execute=True):
            second = services.publish_run(run=solved(day), user=day.organizer)
    finally:
        timetable_published.disconnect(receiver)

    assert [(r["version_id"], r["previous_version_id"]) for r in received] == [(first.pk, None), (second.pk, first.pk)]


def test_publish_run_twice_conflicts(day, wishes):
    run = solved(day)
    services.publish_run(run=run, user=day.organizer)

    with pytest.raises(AppError) as error:
        services.publish_run(run=run, user=day.organizer)

    assert error.value.status == 409
    assert TimetableVersion.objects.count() == 1


def test_publish_run_outdated_by_another_publication_conflicts(day, wishes):
    first = solved(day)
    second = solved(day)
    services.publish_run(run=first, user=day.organizer)

    with pytest.raises(AppError, match="Une autre version a été publiée"):
        services.publish_run(run=second, user=day.organizer)


def test_publish_run_by_a_non_organizer_refused(day, wishes):
    run = solved(day)

    with pytest.raises(AppError) as error:
        services.publish_run(run=run, user=UserFactory())

    assert error.value.status == 403
    assert not TimetableVersion.objects.exists()


def test_failed_solve_leaves_published_timetable_untouched_and_says_why(day, wishes):
    version = services.publish_run(run=solved(day), user=day.organizer)
    before = pairs(version)
    run = services.start_solve(block=day.block, user=day.organizer, background=False, time_limit_s=1)
    run.problem["requests"][0]["weight"] = 0  # corrupted: the engine refuses it
    run.save()

    run = solving.execute_run(run_id=run.pk)

    assert run.status == SolveRun.Status.FAILED
    assert run.error.startswith("Problème invalide")
    assert "weight" in run.error
    with pytest.raises(AppError):
        services.publish_run(run=run, user=day.organizer)
    assert selectors.current_version(block=day.block) == version
    assert pairs(version) == before


def test_infeasible_solve_is_failed_with_the_conflicts(day, wishes):
    run = services.start_solve(block=day.block, user=day.organizer, background=False, time_limit_s=1)
    guest = run.problem["requests"][0]["guest"]
    hosts = [r["host"] for r in run.problem["requests"] if r["guest"] == guest][:2]
    slot = run.problem["slots"][0]["id"]
    run.problem["locked"] = [{"host": h, "guest": guest, "slot": slot, "table": None} for h in hosts]
    run.save()

    run = solving.execute_run(run_id=run.pk)

    assert run.status == SolveRun.Status.FAILED
    assert run.schedule["status"] == "infeasible"
    assert run.error.startswith("Aucun planning possible")


def test_cancel_run_then_worker_skips_it(day, wishes):
    run = services.start_solve(block=day.block, user=day.organizer, background=False)

    solving.cancel_run(run=run, user=day.organizer)
    after = solving.execute_run(run_id=run.pk)

    assert after.status == SolveRun.Status.FAILED
    assert "annulé" in after.error
    assert after.schedule is None


def test_reap_stale_runs_frees_the_block_after_a_killed_worker(day, wishes):
    run = services.start_solve(block=day.block, user=day.organizer, background=False, time_limit_s=1)
    SolveRun.objects.filter(pk=run.pk).update(status=SolveRun.Status.RUNNING,
                                              started_at=timezone.now() - dt.timedelta(minutes=10))

    new = services.start_solve(block=day.block, user=day.organizer, background=False, time_limit_s=1)

    run.refresh_from_db()
    assert run.status == SolveRun.Status.FAILED
    assert "ne répond plus" in run.error
    assert new.status == SolveRun.Status.QUEUED


def test_replan_after_a_no_show_keeps_started_slots_and_removes_the_absent(day, wishes):
    v1 = services.publish_run(run=solved(day), user=day.organizer)
    absent = day.hosts[2]
    now = at(10, 20)  # slots 1 and 2 have started
    started = {(m.host_id, m.guest_id, m.slot_id, m.table_id) for m in v1.meetings.filter(slot__start__lte=now)
               if absent.pk not in (m.host_id, m.guest_id)}

    run = solved(day, replan=True, absent_participant_ids=[absent.pk], now=now)
    v2 = services.publish_run(run=run, user=day.organizer)

    assert run.problem["previous"] and run.replan
    assert v2.number == 2 and run.base_version == v1
    assert started <= pairs(v2)
    assert not Meeting.objects.filter(version=v2, host=absent).exists()
    assert pairs(v1) != pairs(v2)


def test_replan_before_any_publication_refused(day, wishes):
    with pytest.raises(AppError, match="Rien n'est encore publié"):
        services.start_solve(block=day.block, user=day.organizer, replan=True, background=False)


def test_replan_with_unknown_absent_refused(day, wishes):
    services.publish_run(run=solved(day), user=day.organizer)

    with pytest.raises(AppError, match="inconnus"):
        services.start_solve(block=day.block, user=day.organizer, replan=True, absent_participant_ids=[999999],
                             background=False)
