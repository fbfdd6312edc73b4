"""The check-in part of the demo day: the morning before the doors open.

The event's signing key exists, every confirmed registration has its badge (printed), the desk
account `accueil` (group « Accueil », password `rencontres-demo`) is ready, nobody is checked
in yet. Idempotent: a second run issues only missing badges and never touches arrivals.
"""

from typing import Any

from backend.checkin import services
from backend.checkin.models import Badge, CheckIn
from backend.events.models import Event

DESK_USERNAME = "accueil"
DESK_PASSWORD = "rencontres-demo"
DESK_NAME = "Accueil principal"


def build(*, event: Event, stdout: Any) -> None:
    services.ensure_event_key(event=event)
    issued = services.issue_badges(event=event)
    services.ensure_desk_account(event=event, username=DESK_USERNAME, password=DESK_PASSWORD,
                                 desk_name=DESK_NAME)
    active = Badge.objects.filter(registration__event=event, revoked_at__isnull=True).count()
    arrivals = CheckIn.objects.filter(event=event).count()
    stdout.write(f"Accueil : {active} badges prêts ({issued} émis maintenant), poste « {DESK_NAME} » avec le "
                 f"compte « {DESK_USERNAME} » (mot de passe : {DESK_PASSWORD}), {arrivals} arrivée(s) enregistrée(s). "
                 f"Page : /evenements/{event.slug}/accueil/")
