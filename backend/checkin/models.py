"""Badges, check-in and meeting attendance.

The database is the guarantee: one active badge per registration, one check-in per
registration and event, one answer per scan nonce, one attendance mark per meeting pair.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.events.models import Event, Participant, Registration
from backend.meetings.models import MeetingBlock, Slot


class EventKey(models.Model):
    """The Ed25519 key an event's badges are signed with.

    The private key stays in this row: it is never serialized, logged, shown in the admin
    (editable=False) or printed by repr(). Devices get the public key only.
    """

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="badge_key",
                                 verbose_name="événement")
    private_key = models.TextField("clé privée", editable=False)
    public_key = models.CharField("clé publique", max_length=64, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "clé de signature des badges"
        verbose_name_plural = "clés de signature des badges"

    def __str__(self) -> str:
        return f"Clé des badges : {self.event}"

    def __repr__(self) -> str:
        return f"<EventKey event={self.event_id} public_key={self.public_key}>"


class Badge(models.Model):
    """One version of a registration's badge. Re-issuing revokes the old version."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="badges",
                                     verbose_name="inscription")
    version = models.PositiveIntegerField("version")
    token = models.TextField("jeton signé")
    short_code = models.CharField("code à saisir", max_length=11, unique=True)
    issued_at = models.DateTimeField("émis le", default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="émis par")
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    revoked_reason = models.CharField("motif de la révocation", max_length=200, blank=True)

    class Meta:
        verbose_name = "badge"
        ordering = ["registration", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "version"], name="badge_version_unique"),
            models.UniqueConstraint(fields=["registration"], condition=Q(revoked_at__isnull=True),
                                    name="badge_one_active_per_registration"),
            models.CheckConstraint(condition=Q(version__gte=1), name="badge_version_positive"),
        ]

    def __str__(self) -> str:
        return f"Badge v{self.version} : {self.registration}"


class Desk(models.Model):
    """A check-in desk of an event, and the desk accounts (group « Accueil ») that scan there."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="desks", verbose_name="événement")
    name = models.CharField("nom", max_length=80)
    accounts = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="checkin_desks",
                                      verbose_name="comptes d'accueil")

    class Meta:
        verbose_name = "poste d'accueil"
        verbose_name_plural = "postes d'accueil"
        ordering = ["event", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="desk_name_unique_per_event")]

    def __str__(self) -> str:
        return self.name


class CheckIn(models.Model):
    """A person's arrival at the event: at most one per registration and event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkins", verbose_name="événement")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="checkins",
                                     verbose_name="inscription")
    badge = models.ForeignKey(Badge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name="badge présenté")
    desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="checkins",
                             verbose_name="poste d'accueil")
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="+", verbose_name="enregistré par")
    checked_in_at = models.DateTimeField("arrivé le", default=timezone.now)

    class Meta:
        verbose_name = "arrivée"
        ordering = ["-checked_in_at", "-id"]
        permissions = [("scan_badges", "Peut enregistrer les arrivées (accueil)")]
        constraints = [
            models.UniqueConstraint(fields=["event", "registration"], name="checkin_one_per_registration_event"),
        ]

    def __str__(self) -> str:
        return f"Arrivée : {self.registration}"


class Scan(models.Model):
    """One scan request, keyed by the device's nonce: a replay gets the stored answer."""

    class Result(models.TextChoices):
        OK = "ok", "arrivée enregistrée"
        ALREADY = "already_checked_in", "déjà arrivé"
        REVOKED = "revoked", "badge révoqué"
        WRONG_EVENT = "wrong_event", "autre événement"
        INVALID = "invalid", "badge invalide"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="scans", verbose_name="événement")
    nonce = models.CharField("identifiant du scan", max_length=64)
    desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans",
                             verbose_name="poste d'accueil")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name="compte")
    registration = models.ForeignKey(Registration, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="inscription")
    result = models.CharField("résultat", max_length=20, choices=Result.choices, blank=True)
    answer = models.JSONField("réponse", default=dict)
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "scan"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event", "nonce"], name="scan_nonce_unique_per_event")]

    def __str__(self) -> str:
        return f"Scan {self.nonce} : {self.result}"


class MeetingAttendance(models.Model):
    """The host's mark for a meeting: held or no-show. Keyed by the pair, stable across versions."""

    class Status(models.TextChoices):
        HELD = "held", "a eu lieu"
        NO_SHOW = "no_show", "absent"

    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="attendances",
                              verbose_name="bloc")
    host = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+", verbose_name="hôte")
    guest = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+", verbose_name="invité")
    slot = models.ForeignKey(Slot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="créneau")
    status = models.CharField("statut", max_length=10, choices=Status.choices)
    via_scan = models.BooleanField("badge scanné à la table", default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="noté par")
    marked_at = models.DateTimeField("noté le", default=timezone.now)

    class Meta:
        verbose_name = "présence à un rendez-vous"
        verbose_name_plural = "présences aux rendez-vous"
        ordering = ["block", "slot__index"]
        constraints = [
            models.UniqueConstraint(fields=["block", "host", "guest"], name="attendance_one_per_meeting_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.host} / {self.guest} : {self.get_status_display()}"
