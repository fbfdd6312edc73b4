"""Background work of the agenda app (run by `manage.py db_worker`). Tasks receive ids, never objects."""

from django.tasks import task


@task
def notify_timetable_task(version_id: int, previous_version_id: int | None = None) -> int:
    """Decides who must be told what after a publication; each e-mail is then sent by its own task."""
    from backend.agenda.services import notify_timetable_published

    return len(notify_timetable_published(version_id=version_id, previous_version_id=previous_version_id))


@task
def notify_registration_task(registration_id: int, kind: str) -> int | None:
    from backend.agenda.services import notify_registration

    return notify_registration(registration_id=registration_id, kind=kind)


@task
def send_delivery_task(delivery_id: int) -> str:
    from backend.agenda.services import send_delivery

    return send_delivery(delivery_id=delivery_id).status
