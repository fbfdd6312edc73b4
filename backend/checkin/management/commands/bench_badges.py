"""`python manage.py bench_badges`: time 300 badges as one PDF (target: under 10 s)."""

import statistics
import time

from django.core.management.base import BaseCommand

TARGET_S = 10.0
ROLES = [("project_holder", "porteur de projet"), ("funder", "financeur"), ("expert", "expert"),
         ("siae", "SIAE"), ("buyer", "acheteur")]


class Command(BaseCommand):
    help = "Mesure la génération d'un PDF de badges (300 par défaut, A6 et A4) et affiche les médianes."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=300, help="Nombre de badges (300).")
        parser.add_argument("--repeat", type=int, default=3, help="Répétitions par format (3).")

    def handle(self, *args, count: int, repeat: int, **options):
        import badges

        # Real signed tokens, synthetic people: measures signing-independent PDF work, no database.
        key = badges.generate_private_key()
        cards = []
        for i in range(count):
            role, label = ROLES[i % len(ROLES)]
            cards.append(badges.BadgeCard(
                name=f"Participante Numéro {i + 1:03d}", organization=f"Structure de l'ESS n° {i % 97 + 1}",
                role_label=label, role_key=role, event_name="Rencontres ESS et Territoire",
                event_date_label="mercredi 13 novembre 2024",
                token=badges.issue_token(private_key=key, event_id=1, registration_id=1000 + i, version=1)))
        for layout in ("a6", "a4"):
            timings, size = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                pdf = badges.badge_pdf(cards, layout=layout)
                timings.append(time.perf_counter() - started)
                size = len(pdf)
            median = statistics.median(timings)
            verdict = "OK" if median < TARGET_S else "AU-DESSUS DE LA CIBLE"
            self.stdout.write(f"{count} badges {layout.upper()} : médiane {median:.2f} s sur {repeat} essais "
                              f"(min {min(timings):.2f} s, max {max(timings):.2f} s), {size / 1024:.0f} Kio, "
                              f"cible < {TARGET_S:.0f} s : {verdict}")
