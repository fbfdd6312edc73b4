"""The background path: the API enqueues on the database backend, the db_worker runs it (batch mode)."""

import pytest
from django.tasks import TaskResultStatus, default_task_backend
from django_tasks_db.models import DBTaskResult

from backend.meetings import selectors, services, solving
from backend.meetings.models import SolveRun

from .conftest import client_for, run_worker, url

# The worker manages its own transactions and connections, like the real process: no test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_solve_task_enqueued_then_run_by_the_worker_with_progress(day, wishes):
    response = client_for(day.organizer).post(url(day.block, "runs/"), {"time_limit_s": 2}, format="json")
    run = SolveRun.objects.get(pk=response.json()["id"])

    assert response.status_code == 202
    assert run.status == SolveRun.Status.QUEUED
    assert DBTaskResult.objects.filter(pk=run.task_id, status=TaskResultStatus.READY).exists()

    run_worker()

    run.refresh_from_db()
    assert run.status == SolveRun.Status.DONE
    assert run.progress["coverage"] == len(day.guests)
    assert run.progress["bound"]["coverage"] == len(day.guests)
    assert default_task_backend.get_result(run.task_id).status == TaskResultStatus.SUCCESSFUL
    status = client_for(day.organizer).get(f"/api/runs/{run.pk}/status/").json()
    assert status["status"] == "done" and status["metrics"]["coverage"] == len(day.guests)


def test_solve_task_failure_is_stored_and_published_version_kept(day, wishes):
    first = services.start_solve(block=day.block, user=day.organizer, background=False, time_limit_s=1)
    version = services.publish_run(run=solving.execute_run(run_id=first.pk), user=day.organizer)
    run = services.start_solve(block=day.block, user=day.organizer, time_limit_s=1)
    SolveRun.objects.filter(pk=run.pk).update(problem={"format": "meeting-problem/1"})  # broken on purpose

    run_worker()

    run.refresh_from_db()
    assert run.status == SolveRun.Status.FAILED
    assert "Problème invalide" in run.error
    assert selectors.current_version(block=day.block) == version


def test_worker_killed_mid_solve_frees_the_block_with_a_reason(day, wishes):
    run = services.start_solve(block=day.block, user=day.organizer, time_limit_s=1)
    run.refresh_from_db()
    # What the worker records when its process is stopped during the task.
    task = DBTaskResult.objects.get(pk=run.task_id)
    task.set_failed(SystemExit(1))
    SolveRun.objects.filter(pk=run.pk).update(status=SolveRun.Status.RUNNING)

    response = client_for(day.organizer).get(f"/api/runs/{run.pk}/status/")

    assert response.json()["status"] == "failed"
    assert "arrêté" in response.json()["error"]
    assert services.start_solve(block=day.block, user=day.organizer, background=False).status == "queued"
