"""The agenda part of the demo: calendar subscription links for the demo logins, printed for the presenter."""

from django.conf import settings
from django.urls import reverse

from backend.agenda import services
from backend.events.models import Participant

DEMO_LOGINS = ["financeur", "porteur"]


def build(*, event, stdout) -> None:
    participants = (Participant.objects.filter(user__username__in=DEMO_LOGINS, registrations__event=event)
                    .select_related("user").order_by("user__username"))
    for participant in participants:
        token = services.get_or_create_feed_token(participant=participant, event=event)  # idempotent
        page = settings.SITE_URL + reverse("agenda:page", kwargs={"event_slug": event.slug})
        feed = settings.SITE_URL + reverse("agenda:feed", kwargs={"token": token.token})
        stdout.write(f"Agenda de « {participant.user.username} » : {page} ; abonnement calendrier : {feed}")
