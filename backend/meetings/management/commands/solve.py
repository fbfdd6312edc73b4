"""`python manage.py solve --event SLUG --block SLUG [--publish] [--time-limit S]`: solve synchronously."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from backend.core.errors import AppError
from backend.meetings import selectors, services, solving
from backend.meetings.models import SolveRun


class Command(BaseCommand):
    help = "Calcule (et publie avec --publish) le planning d'un bloc de rendez-vous, sans passer par la file."

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, help="identifiant (slug) de l'événement")
        parser.add_argument("--block", required=True, help="identifiant (slug) du bloc de rendez-vous")
        parser.add_argument("--publish", action="store_true", help="publier le planning obtenu")
        parser.add_argument("--time-limit", type=int, default=None, help="durée maximale du calcul, en secondes")
        parser.add_argument("--replan", action="store_true",
                            help="re-planifier à partir de la version publiée (créneaux commencés conservés)")
        parser.add_argument("--absent", type=int, nargs="*", default=[],
                            help="identifiants des participants absents à retirer (avec --replan)")
        parser.add_argument("--user", default=None,
                            help="compte organisateur au nom duquel calculer (par défaut : le premier organisateur)")

    def handle(self, *args, event, block, publish, time_limit, replan, absent, user, **options):
        try:
            block_obj = selectors.block_by_slugs(event_slug=event, block_slug=block)
        except AppError as exc:
            raise CommandError(f"{exc.message} (événement « {event} », bloc « {block} »)") from exc
        account = self._user(block_obj, user)
        try:
            run = services.start_solve(block=block_obj, user=account, time_limit_s=time_limit, replan=replan,
                                       absent_participant_ids=absent, background=False)
        except AppError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Calcul n° {run.pk} de « {block_obj.item.title} » : {len(run.problem['requests'])} "
                          f"demandes, {len(run.problem['slots'])} créneaux, limite {run.time_limit_s} s…")
        run = solving.execute_run(run_id=run.pk)
        self._summary(run)
        if run.status != SolveRun.Status.DONE:
            raise CommandError(run.error or "Le calcul a échoué.")
        if publish:
            diff = solving.run_diff(run=run)
            try:
                version = services.publish_run(run=run, user=account)
            except AppError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(self.style.SUCCESS(
                f"Version {version.number} publiée : {len(diff['kept'])} gardés, {len(diff['moved'])} déplacés, "
                f"{len(diff['added'])} ajoutés, {len(diff['cancelled'])} annulés."))

    def _user(self, block, username):
        User = get_user_model()
        if username:
            account = User.objects.filter(username=username).first()
            if account is None:
                raise CommandError(f"Compte « {username} » introuvable.")
            return account
        account = block.item.event.organizers.order_by("pk").first() or User.objects.filter(
            is_superuser=True).order_by("pk").first()
        if account is None:
            raise CommandError("Aucun organisateur pour cet événement : indiquez --user.")
        return account

    def _summary(self, run):
        schedule = run.schedule or {}
        metrics, bound = schedule.get("metrics", {}), schedule.get("bound", {})
        if schedule:
            self.stdout.write(
                f"Statut : {solving.quality_label(schedule)}, en {schedule.get('stats', {}).get('wall_time_s', '?')} s ; "
                f"{metrics.get('meetings', 0)} rendez-vous ; invités avec au moins un rendez-vous : "
                f"{metrics.get('coverage')} (borne {bound.get('coverage')}) ; poids {metrics.get('weight')} "
                f"(borne {bound.get('weight')}) ; créneaux vides intercalés : {metrics.get('idle')}.")
            reasons = Counter(item.get("reason") for item in schedule.get("unscheduled", []))
            if reasons:
                detail = ", ".join(f"{count} : {solving.reason_label(code)}" for code, count in reasons.most_common())
                self.stdout.write(f"Demandes non planifiées : {sum(reasons.values())} ({detail}).")
        if run.error:
            self.stderr.write(run.error)
