"""`python manage.py import_participants EVENT_SLUG FILE [--dry-run]`: the organizers' import, from a shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backend.events.importing import import_participants
from backend.events.models import Event


class Command(BaseCommand):
    help = "Importe des participants depuis un fichier .xlsx ou .csv (tout ou rien)."

    def add_arguments(self, parser):
        parser.add_argument("event_slug", help="identifiant (slug) de l'événement")
        parser.add_argument("file", help="fichier .xlsx ou .csv")
        parser.add_argument("--dry-run", action="store_true", help="vérifier seulement, sans rien enregistrer")

    def handle(self, *args, event_slug, file, dry_run, **options):
        event = Event.objects.filter(slug=event_slug).first()
        if event is None:
            raise CommandError(f"Événement inconnu : « {event_slug} ».")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        report = import_participants(event=event, data=path.read_bytes(), filename=path.name, dry_run=dry_run)
        self.stdout.write(f"{report.rows} ligne(s) lue(s).")
        if report.ignored_columns:
            self.stdout.write(f"Colonnes ignorées : {', '.join(report.ignored_columns)}.")
        for error in report.errors:
            where = f"ligne {error.row}" if error.row else "fichier"
            column = f", colonne « {error.column} »" if error.column else ""
            self.stderr.write(f"{where}{column} : {error.message}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} erreur(s) : aucun participant n'a été importé.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Vérification réussie : aucune erreur (rien n'a été enregistré)."))
        else:
            self.stdout.write(self.style.SUCCESS(
                f"{report.created} inscription(s) créée(s) : {report.confirmed} confirmée(s), "
                f"{report.waitlisted} en liste d'attente."))
