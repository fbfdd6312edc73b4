"""`python manage.py demo`: the demo day, then each app's demo part (meetings, check-in, agenda)."""

import importlib
import importlib.util
import time

from django.core.management.base import BaseCommand

from backend.events.demo import DEMO_PASSWORD, build_base_day

# Other apps add their part of the demo with `build(event=..., stdout=...)`, in this order.
DEMO_MODULES = ["backend.meetings.demo", "backend.checkin.demo", "backend.agenda.demo"]


class Command(BaseCommand):
    help = "Construit (ou complète) la journée de démonstration Rencontres ESS et Territoire du 13/11/2024."

    def handle(self, *args, **options):
        started = time.monotonic()
        event, counts = build_base_day()
        self.stdout.write(f"Journée « {event.name} » ({event.slug}) : {counts.summary()}.")
        for name in DEMO_MODULES:
            if importlib.util.find_spec(name) is None:
                continue
            module = importlib.import_module(name)
            module.build(event=event, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(
            f"Démonstration prête en {time.monotonic() - started:.1f} s. Comptes : organisateur, financeur, "
            f"porteur (mot de passe : {DEMO_PASSWORD})."))
