"""Background work of the event domain (run by `manage.py db_worker`). Tasks receive ids, never objects.

Confirmations and waitlist promotions are mailed by the agenda app (signals in signals.py); this
task covers the other statuses: pending approval, waitlisted, cancelled.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task

STATUS_SENTENCES = {
    "pending": "Votre inscription est enregistrée : elle attend la validation d'un organisateur.",
    "confirmed": "Votre inscription est confirmée.",
    "waitlisted": "L'événement est complet : vous êtes sur la liste d'attente ; nous vous écrirons si une "
                  "place se libère.",
    "cancelled": "Votre inscription est annulée.",
}


@task
def send_registration_email(registration_id: int) -> None:
    """Tells the participant where their registration stands, with their workshops."""
    from backend.events.models import Registration

    registration = (Registration.objects.select_related("event", "participant__user")
                    .filter(pk=registration_id).first())
    if registration is None or not registration.participant.user.email:
        return
    event = registration.event
    lines = [f"Bonjour {registration.participant.display_name},", "",
             f"{event.name}, le {event.date:%d/%m/%Y}, {event.venue}.",
             STATUS_SENTENCES.get(registration.status, "")]
    seats = list(registration.seats.select_related("item").order_by("item__start"))
    if seats and registration.status != "cancelled":
        lines += ["", "Vos ateliers :"]
        lines += [f"- {seat.item.title} : {seat.get_status_display()}" for seat in seats]
    lines += ["", f"Votre inscription : {settings.SITE_URL}/mon-inscription/", "", "L'équipe des Rencontres ESS"]
    send_mail(f"{event.name} : votre inscription", "\n".join(lines), None,
              [registration.participant.user.email])
