"""Calendar feed tokens and the record of every e-mail sent (or tried) to participants.

Meeting SEQUENCE numbers are not stored: they are derived from the published version history
(see `backend.agenda.history`), so the feed, the API and the e-mails always agree.
"""

import secrets

from django.db import models
from django.db.models import Q

from backend.events.models import Event, Participant, Registration


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret of a participant's calendar subscription for one event. Revoked tokens answer 404."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="feed_tokens",
                                    verbose_name="participant")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feed_tokens", verbose_name="événement")
    token = models.CharField("jeton", max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "abonnement calendrier"
        verbose_name_plural = "abonnements calendrier"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "event"], condition=Q(revoked_at__isnull=True),
                                    name="feed_token_one_active_per_participant_event"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} : {self.event}"


class Delivery(models.Model):
    """One e-mail to one participant: its content is frozen when created, so retries send the same thing."""

    class Kind(models.TextChoices):
        TIMETABLE_REQUEST = "timetable_request", "planning : invitations (REQUEST)"
        TIMETABLE_CANCEL = "timetable_cancel", "planning : annulations (CANCEL)"
        REGISTRATION_CONFIRMED = "registration_confirmed", "inscription confirmée"
        WAITLIST_PROMOTED = "waitlist_promoted", "place obtenue (liste d'attente)"

    class Status(models.TextChoices):
        QUEUED = "queued", "en file d'attente"
        SENDING = "sending", "envoi en cours"
        RETRYING = "retrying", "nouvel essai prévu"
        SENT = "sent", "envoyé"
        FAILED = "failed", "échec définitif"
        SKIPPED = "skipped", "non envoyé (pas d'adresse)"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries", verbose_name="événement")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="deliveries",
                                    verbose_name="participant")
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    # The published version (meetings app) that caused a timetable e-mail; no FK, so that this log
    # outlives the versions and the agenda app does not constrain the meetings app's deletions.
    version_id = models.PositiveBigIntegerField("version du planning", null=True, blank=True)
    registration = models.ForeignKey(Registration, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="deliveries", verbose_name="inscription")
    recipient = models.EmailField("destinataire", blank=True)
    subject = models.CharField("objet", max_length=250)
    body_text = models.TextField("texte")
    body_html = models.TextField("HTML", blank=True)
    calendar = models.TextField("calendrier (iCalendar)", blank=True)
    calendar_method = models.CharField("méthode iTIP", max_length=10, blank=True)
    changes = models.JSONField("changements", default=list, blank=True,
                               help_text="Pour chaque rendez-vous : uid, séquence et action.")
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    max_attempts = models.PositiveSmallIntegerField("essais au plus", default=4)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_attempt_at = models.DateTimeField("dernier essai", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "envoi de courriel"
        verbose_name_plural = "envois de courriels"
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same publication never mails the same person twice for the same method.
            models.UniqueConstraint(fields=["participant", "version_id", "kind"],
                                    condition=Q(version_id__isnull=False),
                                    name="delivery_once_per_participant_version_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.participant} ({self.get_status_display()})"
