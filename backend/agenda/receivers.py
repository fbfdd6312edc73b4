"""Signal receivers: the publication of a timetable and registration events become queued e-mails."""

from backend.agenda.models import Delivery


def on_timetable_published(sender, *, version_id: int, previous_version_id: int | None = None, **kwargs) -> None:
    from backend.agenda.tasks import notify_timetable_task

    notify_timetable_task.enqueue(version_id, previous_version_id)


def on_registration_confirmed(sender, *, registration_id: int, **kwargs) -> None:
    from backend.agenda.tasks import notify_registration_task

    notify_registration_task.enqueue(registration_id, Delivery.Kind.REGISTRATION_CONFIRMED.value)


def on_waitlist_promoted(sender, *, registration_id: int, **kwargs) -> None:
    from backend.agenda.tasks import notify_registration_task

    notify_registration_task.enqueue(registration_id, Delivery.Kind.WAITLIST_PROMOTED.value)
