"""The event domain: events, their programme, organizations, participants and registrations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from backend.events.validators import validate_siret


class Event(models.Model):
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    date = models.DateField("date")
    venue = models.CharField("lieu", max_length=200)
    address = models.CharField("adresse", max_length=300, blank=True)
    timezone = models.CharField("fuseau horaire", max_length=64, default="Europe/Paris")
    description = models.TextField("description", blank=True)
    capacity = models.PositiveIntegerField("capacité", null=True, blank=True,
                                           help_text="Vide : pas de limite ; au-delà, liste d'attente.")
    requires_approval = models.BooleanField("validation des inscriptions par l'organisateur", default=False)
    registration_open = models.BooleanField("inscriptions ouvertes", default=True)
    organizers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="organized_events",
                                        verbose_name="organisateurs")

    class Meta:
        verbose_name = "événement"
        ordering = ["-date", "name"]

    def __str__(self) -> str:
        return self.name


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", "plénière"
        WORKSHOP = "workshop", "atelier"
        MEETING_BLOCK = "meeting_block", "rendez-vous d'affaires"
        NETWORKING = "networking", "networking"
        OTHER = "other", "autre"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme", verbose_name="événement")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("identifiant", max_length=80)
    description = models.TextField("description", blank=True)
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    room = models.CharField("salle", max_length=120, blank=True)
    capacity = models.PositiveIntegerField("capacité", null=True, blank=True,
                                           help_text="Vide : pas de limite (ateliers : au-delà, liste d'attente).")
    public = models.BooleanField("visible dans le programme public", default=True)

    class Meta:
        verbose_name = "élément du programme"
        verbose_name_plural = "programme"
        ordering = ["start", "title"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="programme_item_slug_unique_per_event"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="programme_item_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.event})"


class Organization(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", "association"
        SIAE = "siae", "SIAE (structure d'insertion)"
        COMPANY = "company", "entreprise"
        PUBLIC_BODY = "public_body", "organisme public"
        FUNDER = "funder", "financeur"

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    commune = models.CharField("commune", max_length=120, blank=True)
    siret = models.CharField("SIRET", max_length=14, null=True, blank=True, unique=True,
                             validators=[validate_siret])
    website = models.URLField("site web", blank=True)

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(siret__isnull=True) | Q(siret__regex=r"^[0-9]{14}$"),
                                   name="organization_siret_14_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A person, with an account, who takes part in events under one role."""

    class Role(models.TextChoices):
        PROJECT_HOLDER = "project_holder", "porteur de projet"
        FUNDER = "funder", "financeur"
        EXPERT = "expert", "expert"
        SIAE = "siae", "SIAE"
        BUYER = "buyer", "acheteur"
        LOCAL_AUTHORITY = "local_authority", "collectivité"
        SPEAKER = "speaker", "intervenant"
        ORGANIZER = "organizer", "organisateur"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participant",
                                verbose_name="compte")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="members", verbose_name="organisation")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    job_title = models.CharField("fonction", max_length=120, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)

    class Meta:
        verbose_name = "participant"
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.username


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "en attente de validation"
        CONFIRMED = "confirmed", "confirmée"
        WAITLISTED = "waitlisted", "liste d'attente"
        CANCELLED = "cancelled", "annulée"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations",
                              verbose_name="événement")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="registrations",
                                    verbose_name="participant")
    status = models.CharField("statut", max_length=12, choices=Status.choices, default=Status.PENDING)
    gdpr_consent = models.BooleanField("consentement RGPD", default=False)
    consent_at = models.DateTimeField("date du consentement", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "inscription"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="registration_one_per_person_event"),
            models.CheckConstraint(condition=Q(gdpr_consent=False) | Q(consent_at__isnull=False),
                                   name="registration_consent_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} : {self.event}"


class WorkshopSeat(models.Model):
    """A registration's place in a workshop, or its place on that workshop's waitlist."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "confirmée"
        WAITLISTED = "waitlisted", "liste d'attente"
        # Chosen while the registration itself waits (approval or event waitlist): no seat held yet.
        REQUESTED = "requested", "demandée"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats",
                                     verbose_name="inscription")
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="seats", verbose_name="atelier")
    status = models.CharField("statut", max_length=12, choices=Status.choices)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "place en atelier"
        verbose_name_plural = "places en atelier"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "item"], name="workshop_seat_one_per_registration"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.participant} : {self.item.title} ({self.get_status_display()})"
