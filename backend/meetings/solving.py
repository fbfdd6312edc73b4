"""Solving a block in the background and publishing a run as the official timetable.

`start_solve` stores the problem and enqueues `tasks.solve_block` on commit; the task calls
`execute_run`, which runs the engine in a thread while this thread writes the throttled progress
(database connections belong to one thread). `publish_run` writes the Meeting rows of a new version
and sends `timetable_published` on commit. Nothing here touches the published version of a block
when a solve fails.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.core.errors import AppError, conflict, forbidden
from backend.events.permissions import is_organizer
from backend.meetings import selectors
from backend.meetings.models import Meeting, MeetingBlock, Slot, SolveRun, Table, TimetableVersion
from backend.meetings.problem import build_problem_with_details, key_pk, pair_key, slot_key, table_key
from backend.meetings.signals import timetable_published

logger = logging.getLogger(__name__)

PUBLISHABLE = ("optimal", "feasible")
# How long past its time limit a running solve may stay silent before it counts as killed.
GRACE_S = 120
PROGRESS_INTERVAL_S = 1.0

REASONS = {
    "no_common_slot": "aucun créneau commun (arrivée, départ ou ateliers)",
    "host_full": "l'hôte a atteint son nombre maximum de rendez-vous",
    "guest_full": "l'invité a atteint son nombre maximum de rendez-vous",
    "no_table": "aucune table libre (ou accessible) aux créneaux communs",
    "max_consecutive": "trop de rendez-vous d'affilée",
    "lower_priority": "d'autres demandes plus prioritaires ont pris les créneaux communs",
    "unavailable": "participant indisponible",
    "absent": "participant absent",
    "time_limit": "un créneau restait libre : le calcul s'est arrêté avant (augmentez la durée)",
    "infeasible": "planning impossible (rendez-vous verrouillés contradictoires)",
}

LEVELS = {"coverage": "invités servis", "moved": "stabilité", "weight": "valeur des rendez-vous",
          "idle": "attente"}


def reason_label(code: str) -> str:
    return REASONS.get(code, code.replace("_", " "))


def quality_label(schedule: dict) -> str:
    """What the organizer may trust in a schedule: which levels of the objective are proven."""
    status = schedule.get("status")
    if status == "optimal":
        return "optimal, prouvé à tous les niveaux"
    if status == "infeasible":
        return "impossible : voir les conflits"
    proven = [LEVELS.get(level["level"], level["level"]) for level in schedule.get("stats", {}).get("levels", [])
              if level.get("status") == "optimal"]
    if proven:
        return f"valide ; optimal prouvé pour : {', '.join(proven)}"
    return "valide, sans preuve d'optimalité dans le temps imparti"


def _as_format(meetings) -> list[dict]:
    return [{"host": f"p{m.host_id}", "guest": f"p{m.guest_id}", "slot": slot_key(m.slot_id),
             "table": table_key(m.table_id) if m.table_id else None}
            for m in meetings.order_by("slot__index", "id")]


def meetings_as_format(version: TimetableVersion | None) -> list[dict]:
    """A published version's meetings in the format's shape (for `previous`, `locked` and the diff)."""
    return _as_format(version.meetings.all()) if version is not None else []


def _started_meetings(version: TimetableVersion | None, now: dt.datetime) -> list[dict]:
    """Meetings already under way or over at `now`: re-planning must not move them."""
    return _as_format(version.meetings.filter(slot__start__lte=now)) if version is not None else []


# --- Starting ------------------------------------------------------------------------------------------------

def start_solve(*, block: MeetingBlock, user: Any, time_limit_s: int | None = None, replan: bool = False,
                absent_participant_ids: Iterable[int] = (), now: dt.datetime | None = None,
                background: bool = True) -> SolveRun:
    """Stores the block's problem in a new queued run and enqueues its solve once committed.

    Re-planning (`replan=True`) keeps the published meetings as `previous`, locks those whose slot has
    started by `now`, and removes `absent_participant_ids` (no-shows). 409 while a run is active.
    `background=False` enqueues nothing: the caller runs `execute_run` itself (command line, demo).
    """
    import scheduling

    if not is_organizer(user, block.item.event):
        raise forbidden("Seuls les organisateurs de l'événement lancent le calcul du planning.")
    if time_limit_s is not None and not 1 <= time_limit_s <= 3600:
        raise AppError("La durée du calcul doit être comprise entre 1 et 3600 secondes.", field="time_limit_s")
    absent = sorted({int(pk) for pk in absent_participant_ids})
    reap_stale_runs(block=block)
    if not block.slots.exists():
        raise AppError("Ce bloc n'a pas encore de créneaux : configurez sa durée de créneau d'abord.")
    base = selectors.current_version(block=block)
    if replan and base is None:
        raise AppError("Rien n'est encore publié pour ce bloc : lancez d'abord un calcul simple.", field="replan")
    if absent and not replan:
        raise AppError("Les absents ne se retirent qu'en re-planification, après publication.",
                       field="absent_participant_ids")
    members = set(selectors.members(block=block, side=selectors.HOST).values_list("pk", flat=True)) | set(
        selectors.members(block=block, side=selectors.GUEST).values_list("pk", flat=True))
    unknown = [pk for pk in absent if pk not in members]
    if unknown:
        raise AppError(f"Participants absents inconnus dans ce bloc : {', '.join(map(str, unknown))}.",
                       field="absent_participant_ids")
    previous = meetings_as_format(base) if replan else None
    locked = _started_meetings(base, now or timezone.now()) if replan else None
    problem, details = build_problem_with_details(block=block, previous=previous, locked=locked,
                                                  absent_participant_ids=absent)
    limit = time_limit_s or block.solve_time_limit_s
    problem["options"]["time_limit_s"] = limit
    try:
        scheduling.validate_problem(problem)
    except scheduling.ProblemError as exc:
        raise AppError(f"Les données du bloc ne forment pas un problème valide : {_faults(exc)}",
                       code="invalid_problem") from exc
    if not problem["requests"]:
        raise AppError("Aucune demande de rendez-vous à planifier dans ce bloc (souhaits, acceptations).",
                       code="no_requests")
    try:
        with transaction.atomic():
            run = SolveRun.objects.create(block=block, status=SolveRun.Status.QUEUED, replan=replan,
                                          time_limit_s=limit, problem=problem, created_by=user, base_version=base,
                                          absent_participant_ids=absent, requests_info=details)
            if background:
                transaction.on_commit(lambda: _enqueue(run.pk))
    except IntegrityError as exc:
        # The partial unique constraint is the guarantee: one queued or running solve per block.
        raise conflict("Un calcul est déjà en cours pour ce bloc : attendez sa fin ou annulez-le.",
                       code="solve_running") from exc
    return run


def _faults(exc: Exception) -> str:
    """A scheduling.ProblemError's faults, each with where it is, in one line."""
    return " ; ".join(f"{path} : {message}" for path, message in exc.faults)


def _enqueue(run_id: int) -> None:
    from backend.meetings.tasks import solve_block

    try:
        result = solve_block.enqueue(run_id)
    except Exception as exc:  # the queue itself is down: say so on the run, do not leave it queued
        logger.exception("Mise en file du calcul %s impossible", run_id)
        _finish(run_id, status=SolveRun.Status.FAILED, error=f"Mise en file impossible : {exc}")
        return
    SolveRun.objects.filter(pk=run_id).update(task_id=str(result.id))


def cancel_run(*, run: SolveRun, user: Any) -> SolveRun:
    """Marks an active run failed (a worker that picks it up later skips it); the timetable is untouched."""
    if not is_organizer(user, run.block.item.event):
        raise forbidden()
    with transaction.atomic():
        run = SolveRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in (SolveRun.Status.QUEUED, SolveRun.Status.RUNNING):
            raise conflict("Ce calcul n'est plus en cours.")
        run.status = SolveRun.Status.FAILED
        run.error = f"Calcul annulé par {user.get_full_name() or user.get_username()}."
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
    return run


def reap_stale_runs(*, block: MeetingBlock, now: dt.datetime | None = None) -> list[int]:
    """Active runs whose worker died (task ended, or silent well past the time limit) become failed."""
    from django.tasks import TaskResultStatus, default_task_backend
    from django.tasks.exceptions import TaskResultDoesNotExist

    now = now or timezone.now()
    reaped = []
    for run in block.runs.filter(status__in=[SolveRun.Status.QUEUED, SolveRun.Status.RUNNING]):
        reason = None
        if run.task_id:
            try:
                status = default_task_backend.get_result(run.task_id).status
            # A backend without stored results (immediate, dummy) refuses get_result: judge by time below.
            except (TaskResultDoesNotExist, NotImplementedError, ValueError):
                status = None
            if status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
                reason = "Le processus de calcul s'est arrêté sans terminer (tâche interrompue)."
        if reason is None and run.started_at and now > run.started_at + dt.timedelta(seconds=run.time_limit_s + GRACE_S):
            reason = (f"Le calcul ne répond plus {run.time_limit_s + GRACE_S} s après son démarrage : "
                      "le processus a probablement été arrêté.")
        if reason is not None:
            updated = SolveRun.objects.filter(pk=run.pk, status=run.status).update(
                status=SolveRun.Status.FAILED, error=reason, finished_at=now)
            if updated:
                reaped.append(run.pk)
    return reaped


# --- Running (inside the task) ------------------------------------------------------------------------------

def _finish(run_id: int, *, status: str, error: str = "", schedule: dict | None = None) -> None:
    fields: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now()}
    if schedule is not None:
        fields["schedule"] = schedule
    # Only a run still marked running/queued is finished here: a cancelled one stays as the user left it.
    SolveRun.objects.filter(pk=run_id, status__in=[SolveRun.Status.QUEUED, SolveRun.Status.RUNNING]).update(**fields)


_DONE = object()


def _solve_with_progress(problem: dict, *, time_limit_s: float, write: Callable[[dict], None],
                         interval_s: float) -> dict:
    """Runs the engine in a thread; this thread forwards its progress to `write`, at most every interval_s."""
    import scheduling

    inbox: queue.SimpleQueue = queue.SimpleQueue()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["schedule"] = scheduling.solve(problem, time_limit_s=time_limit_s, on_progress=inbox.put)
        except BaseException as exc:  # re-raised in the calling thread
            outcome["error"] = exc
        finally:
            inbox.put(_DONE)

    thread = threading.Thread(target=target, name="solve", daemon=True)
    thread.start()
    pending, last = None, 0.0
    while True:
        try:
            item = inbox.get(timeout=interval_s)
        except queue.Empty:
            item = None
        if item is _DONE:
            break
        if item is not None:
            pending = item
        if pending is not None and time.monotonic() - last >= interval_s:
            write(pending)
            pending, last = None, time.monotonic()
    thread.join()
    if pending is not None:
        write(pending)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["schedule"]


def execute_run(*, run_id: int, progress_interval_s: float = PROGRESS_INTERVAL_S) -> SolveRun:
    """Solves a queued run: progress, then schedule and status; a failure is stored with its French reason."""
    import scheduling

    with transaction.atomic():
        run = SolveRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != SolveRun.Status.QUEUED:
            return run  # cancelled or already handled: nothing to do
        run.status = SolveRun.Status.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])

    def write(progress: dict) -> None:
        data = {key: progress.get(key) for key in ("level", "coverage", "weight", "bound", "elapsed_s", "fraction")}
        data["updated_at"] = timezone.now().isoformat()
        SolveRun.objects.filter(pk=run_id, status=SolveRun.Status.RUNNING).update(progress=data)

    try:
        schedule = _solve_with_progress(run.problem, time_limit_s=run.time_limit_s, write=write,
                                        interval_s=progress_interval_s)
    except scheduling.ProblemError as exc:
        _finish(run_id, status=SolveRun.Status.FAILED, error=f"Problème invalide : {_faults(exc)}")
    except Exception as exc:
        logger.exception("Échec du calcul %s", run_id)
        _finish(run_id, status=SolveRun.Status.FAILED,
                error=f"Le calcul a échoué ({type(exc).__name__} : {exc}). Le planning publié n'a pas changé.")
    else:
        status = schedule.get("status")
        if status in PUBLISHABLE:
            _finish(run_id, status=SolveRun.Status.DONE, schedule=schedule)
        else:
            conflicts = "; ".join(str(c.get("message", c)) if isinstance(c, dict) else str(c)
                                  for c in schedule.get("conflicts", [])) or "aucun détail"
            _finish(run_id, status=SolveRun.Status.FAILED, schedule=schedule,
                    error=f"Aucun planning possible ({status}) : {conflicts}. Le planning publié n'a pas changé.")
    run.refresh_from_db()
    return run


# --- Publishing -----------------------------------------------------------------------------------------------

def run_diff(*, run: SolveRun) -> dict[str, list]:
    """What publishing this run changes against the block's official version: kept, moved, added, cancelled."""
    import scheduling

    previous = meetings_as_format(selectors.current_version(block=run.block))
    meetings = (run.schedule or {}).get("meetings", [])
    return scheduling.diff(previous, meetings)


def publish_run(*, run: SolveRun, user: Any) -> TimetableVersion:
    """Makes a finished run the block's official timetable, as a new version; the agenda app is told on commit."""
    import scheduling

    block = run.block
    if not is_organizer(user, block.item.event):
        raise forbidden("Seuls les organisateurs de l'événement publient le planning.")
    with transaction.atomic():
        # The block's row lock serializes publications: version numbers and the base check hold.
        MeetingBlock.objects.select_for_update().get(pk=block.pk)
        run = SolveRun.objects.select_for_update().get(pk=run.pk)
        if run.status != SolveRun.Status.DONE or (run.schedule or {}).get("status") not in PUBLISHABLE:
            raise AppError("Seul un calcul terminé avec un planning valide peut être publié.", code="not_publishable")
        published = run.versions.first()
        if published is not None:
            raise conflict(f"Ce calcul est déjà publié (version {published.number}).", code="already_published")
        current = selectors.current_version(block=block)
        if (current.pk if current else None) != run.base_version_id:
            raise conflict("Une autre version a été publiée depuis le lancement de ce calcul : relancez-le.",
                           code="outdated_run")
        breaches = scheduling.check(run.problem, run.schedule)
        if breaches:
            raise AppError("Le planning calculé ne respecte pas les règles : " + " ; ".join(breaches),
                           code="invalid_schedule")
        version = TimetableVersion.objects.create(block=block, number=(current.number if current else 0) + 1,
                                                  run=run, published_by=user)
        Meeting.objects.bulk_create(_meetings(run, version))
        previous_id = current.pk if current else None
        transaction.on_commit(lambda: timetable_published.send(
            sender=TimetableVersion, version_id=version.pk, previous_version_id=previous_id))
    return version


def _meetings(run: SolveRun, version: TimetableVersion) -> list[Meeting]:
    slots = {slot_key(s.pk): s for s in Slot.objects.filter(block=run.block)}
    tables = {table_key(t.pk): t for t in Table.objects.filter(block=run.block)}
    rows = []
    for item in run.schedule["meetings"]:
        host, guest = key_pk(item["host"]), key_pk(item["guest"])
        slot = slots.get(item["slot"])
        table = tables.get(item["table"]) if item.get("table") else None
        if slot is None or (item.get("table") and table is None):
            raise conflict("Les créneaux ou les tables du bloc ont changé depuis ce calcul : relancez-le.",
                           code="outdated_run")
        info = run.requests_info.get(pair_key(host, guest), {})
        rows.append(Meeting(version=version, host_id=host, guest_id=guest, slot=slot, table=table,
                            weight=info.get("weight", 1), reasons=" ; ".join(info.get("reasons", []))))
    return rows
