"""Meeting blocks, wishes, solve runs and published timetables."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from backend.events.models import Participant, ProgrammeItem


class MeetingBlock(models.Model):
    """The business-meeting settings of a programme item of kind `meeting_block`."""

    item = models.OneToOneField(ProgrammeItem, on_delete=models.CASCADE, related_name="meeting_block",
                                verbose_name="élément du programme")
    slot_minutes = models.PositiveSmallIntegerField("durée d'un créneau (minutes)", default=15)
    host_roles = models.JSONField("rôles qui reçoivent (tables)", default=list,
                                  help_text='Par exemple ["funder", "expert"].')
    guest_roles = models.JSONField("rôles qui se déplacent", default=list,
                                   help_text='Par exemple ["project_holder"].')
    wish_deadline = models.DateTimeField("date limite des souhaits", null=True, blank=True)
    max_wishes_per_guest = models.PositiveSmallIntegerField("souhaits au plus par invité", default=8)
    max_meetings_per_participant = models.PositiveSmallIntegerField("rendez-vous au plus par participant",
                                                                    null=True, blank=True)
    max_consecutive = models.PositiveSmallIntegerField("rendez-vous d'affilée au plus", null=True, blank=True)
    hosts_must_accept = models.BooleanField("les hôtes acceptent ou déclinent les demandes", default=False)
    solve_time_limit_s = models.PositiveSmallIntegerField("durée maximale du calcul (secondes)", default=20)

    class Meta:
        verbose_name = "bloc de rendez-vous"
        verbose_name_plural = "blocs de rendez-vous"
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="meeting_block_slot_at_least_5_min"),
        ]

    def __str__(self) -> str:
        return str(self.item.title)

    @property
    def host_roles_label(self) -> str:
        return _roles_label(self.host_roles)

    @property
    def guest_roles_label(self) -> str:
        return _roles_label(self.guest_roles)


def _roles_label(roles: list[str]) -> str:
    labels = dict(Participant.Role.choices)
    return ", ".join(str(labels.get(role, role)) for role in roles)


class Pause(models.Model):
    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="pauses", verbose_name="bloc")
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")

    class Meta:
        verbose_name = "pause"
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="pause_ends_after_start")]

    def __str__(self) -> str:
        return f"Pause {timezone.localtime(self.start):%H:%M}-{timezone.localtime(self.end):%H:%M}"


class Slot(models.Model):
    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="slots", verbose_name="bloc")
    index = models.PositiveSmallIntegerField("numéro")
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")

    class Meta:
        verbose_name = "créneau"
        ordering = ["block", "index"]
        constraints = [
            models.UniqueConstraint(fields=["block", "index"], name="slot_index_unique_per_block"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%H:%M}-{end:%H:%M}"


class Table(models.Model):
    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="tables", verbose_name="bloc")
    label = models.CharField("libellé", max_length=40)
    accessible = models.BooleanField("accessible (PMR)", default=True)
    host = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="meeting_tables", verbose_name="hôte fixé à cette table")

    class Meta:
        verbose_name = "table"
        ordering = ["block", "id"]
        constraints = [
            models.UniqueConstraint(fields=["block", "label"], name="table_label_unique_per_block"),
            models.UniqueConstraint(fields=["block", "host"], condition=Q(host__isnull=False),
                                    name="table_one_per_host_per_block"),
        ]

    def __str__(self) -> str:
        return self.label


class Presence(models.Model):
    """A participant's late arrival or early departure for a block."""

    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="presences", verbose_name="bloc")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="presences",
                                    verbose_name="participant")
    arrives_at = models.DateTimeField("arrivée", null=True, blank=True)
    leaves_at = models.DateTimeField("départ", null=True, blank=True)
    needs_accessible = models.BooleanField("a besoin d'une table accessible", default=False)
    max_meetings = models.PositiveSmallIntegerField("rendez-vous au plus", null=True, blank=True,
                                                    help_text="Vide : la limite du bloc.")

    class Meta:
        verbose_name = "présence"
        constraints = [
            models.UniqueConstraint(fields=["block", "participant"], name="presence_one_per_block_participant"),
            models.CheckConstraint(
                condition=Q(arrives_at__isnull=True) | Q(leaves_at__isnull=True) | Q(leaves_at__gt=F("arrives_at")),
                name="presence_leaves_after_arrival"),
        ]

    def __str__(self) -> str:
        return f"Présence de {self.participant}"


class Wish(models.Model):
    """A guest's ranked wish to meet a host in a block."""

    class Status(models.TextChoices):
        PENDING = "pending", "en attente"
        ACCEPTED = "accepted", "acceptée"
        DECLINED = "declined", "déclinée"

    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="wishes", verbose_name="bloc")
    guest = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="wishes_made",
                              verbose_name="invité")
    host = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="wishes_received",
                             verbose_name="hôte")
    rank = models.PositiveSmallIntegerField("rang")
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "souhait"
        ordering = ["block", "guest", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["block", "guest", "host"], name="wish_one_per_pair"),
            models.CheckConstraint(condition=~Q(guest=F("host")), name="wish_not_to_oneself"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="wish_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.guest} → {self.host} (n° {self.rank})"


class HostInterest(models.Model):
    """A host flags a guest they want to meet: mutual interest raises the weight."""

    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="interests", verbose_name="bloc")
    host = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="interests_given",
                             verbose_name="hôte")
    guest = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="interests_received",
                              verbose_name="invité")
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "intérêt d'un hôte"
        verbose_name_plural = "intérêts des hôtes"
        constraints = [
            models.UniqueConstraint(fields=["block", "host", "guest"], name="host_interest_one_per_pair"),
            models.CheckConstraint(condition=~Q(guest=F("host")), name="host_interest_not_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.host} → {self.guest}"


class SolveRun(models.Model):
    """One computation of a block's timetable, kept with its problem and schedule (formats v1)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "en file d'attente"
        RUNNING = "running", "en cours"
        DONE = "done", "terminé"
        FAILED = "failed", "échec"

    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="runs", verbose_name="bloc")
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.QUEUED)
    replan = models.BooleanField("re-planification", default=False)
    time_limit_s = models.PositiveSmallIntegerField("durée maximale (s)", default=20)
    problem = models.JSONField("problème (meeting-problem/1)", null=True, blank=True)
    schedule = models.JSONField("planning (meeting-schedule/1)", null=True, blank=True)
    progress = models.JSONField("progression", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)
    task_id = models.CharField("tâche", max_length=64, blank=True)
    # Re-planning: the version the run started from, and the no-shows it removed.
    base_version = models.ForeignKey("TimetableVersion", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="version de départ")
    absent_participant_ids = models.JSONField("participants absents retirés", default=list, blank=True)
    # Per request "host|guest" (participant ids): rank, mutual interest, score and French reasons.
    requests_info = models.JSONField("détail des demandes", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="lancé par")
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    started_at = models.DateTimeField("démarré le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "calcul du planning"
        verbose_name_plural = "calculs du planning"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One solve at a time per block: a second start gets 409.
            models.UniqueConstraint(fields=["block"], condition=Q(status__in=["queued", "running"]),
                                    name="solve_run_one_active_per_block"),
        ]

    def __str__(self) -> str:
        return f"Calcul n° {self.pk} ({self.get_status_display()})"

    @property
    def schedule_status_label(self) -> str:
        status = (self.schedule or {}).get("status", "")
        return SCHEDULE_STATUS_LABELS.get(status, status)


SCHEDULE_STATUS_LABELS = {"optimal": "optimal", "feasible": "valide", "infeasible": "impossible",
                          "invalid": "problème invalide"}


class TimetableVersion(models.Model):
    """A published timetable: version numbers grow per block; the highest is the official one."""

    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="versions", verbose_name="bloc")
    number = models.PositiveIntegerField("version")
    run = models.ForeignKey(SolveRun, on_delete=models.PROTECT, related_name="versions", verbose_name="calcul")
    published_at = models.DateTimeField("publiée le", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="publiée par")

    class Meta:
        verbose_name = "version publiée du planning"
        verbose_name_plural = "versions publiées du planning"
        ordering = ["block", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["block", "number"], name="timetable_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.block} : version {self.number}"


class Meeting(models.Model):
    """A meeting of a published version. The (block, host, guest) pair identifies it across versions."""

    version = models.ForeignKey(TimetableVersion, on_delete=models.CASCADE, related_name="meetings",
                                verbose_name="version")
    host = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_hosted",
                             verbose_name="hôte")
    guest = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_attended",
                              verbose_name="invité")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="meetings", verbose_name="créneau")
    table = models.ForeignKey(Table, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings",
                              verbose_name="table")
    weight = models.PositiveIntegerField("poids", default=1)
    reasons = models.TextField("raisons de la compatibilité", blank=True)

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["version", "slot__index", "table__label"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slot", "host"], name="meeting_host_once_per_slot"),
            models.UniqueConstraint(fields=["version", "slot", "guest"], name="meeting_guest_once_per_slot"),
            models.UniqueConstraint(fields=["version", "slot", "table"], name="meeting_table_once_per_slot"),
            models.UniqueConstraint(fields=["version", "host", "guest"], name="meeting_once_per_pair"),
            models.CheckConstraint(condition=~Q(guest=F("host")), name="meeting_not_with_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.host} / {self.guest} ({self.slot})"

    @property
    def uid(self) -> str:
        """Stable across re-planning: calendar invites are updated, never duplicated."""
        return f"rdv-{self.version.block_id}-{self.host_id}-{self.guest_id}@rencontres-ess"


# Profiles and vocabularies live in their own module; importing them here registers them.
from backend.meetings.profile_models import (  # noqa: E402
    FinancingNeedProfile,
    FinancingOfferProfile,
    PurchaseNeedProfile,
    SiaeOfferProfile,
    Term,
)

__all__ = [
    "FinancingNeedProfile", "FinancingOfferProfile", "HostInterest", "Meeting", "MeetingBlock", "Pause",
    "Presence", "PurchaseNeedProfile", "SiaeOfferProfile", "Slot", "SolveRun", "Table", "Term",
    "TimetableVersion", "Wish",
]
