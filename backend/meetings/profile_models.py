"""Matchmaking profiles per role and their controlled vocabularies (editable by organizers)."""

from django.db import models
from django.db.models import F, Q

from backend.events.models import Participant


class Term(models.Model):
    """One entry of a controlled vocabulary: instruments, themes, stages, purchase categories."""

    class Kind(models.TextChoices):
        INSTRUMENT = "instrument", "instrument de financement"
        THEME = "theme", "thème"
        STAGE = "stage", "stade du projet"
        PURCHASE_CATEGORY = "purchase_category", "catégorie d'achat"

    kind = models.CharField("vocabulaire", max_length=20, choices=Kind.choices)
    code = models.SlugField("code", max_length=60)
    label = models.CharField("libellé", max_length=120)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    active = models.BooleanField("proposé dans les formulaires", default=True)

    class Meta:
        verbose_name = "terme de vocabulaire"
        verbose_name_plural = "vocabulaires"
        ordering = ["kind", "position", "label"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="term_code_unique_per_kind")]

    def __str__(self) -> str:
        return self.label


def _terms(kind: str, verbose: str, related: str) -> models.ManyToManyField:
    return models.ManyToManyField(Term, blank=True, related_name=related, verbose_name=verbose,
                                  limit_choices_to={"kind": kind})


class FinancingNeedProfile(models.Model):
    """A project holder's need: what they seek, how much, at which stage, on which themes."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="financing_need",
                                       verbose_name="porteur de projet")
    instruments = _terms(Term.Kind.INSTRUMENT, "instruments recherchés", "+")
    amount_eur = models.PositiveIntegerField("montant recherché (€)", null=True, blank=True)
    stage = models.ForeignKey(Term, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              limit_choices_to={"kind": Term.Kind.STAGE}, verbose_name="stade du projet")
    themes = _terms(Term.Kind.THEME, "thèmes", "+")
    commune = models.CharField("commune", max_length=120, blank=True)
    summary = models.TextField("présentation du projet", blank=True)

    class Meta:
        verbose_name = "besoin de financement"
        verbose_name_plural = "besoins de financement"

    def __str__(self) -> str:
        return f"Besoin de {self.participant}"


class FinancingOfferProfile(models.Model):
    """A funder's or an expert's offer: instruments, ticket range, themes, stages, territory."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="financing_offer",
                                       verbose_name="financeur ou expert")
    instruments = _terms(Term.Kind.INSTRUMENT, "instruments proposés", "+")
    ticket_min_eur = models.PositiveIntegerField("ticket minimum (€)", null=True, blank=True)
    ticket_max_eur = models.PositiveIntegerField("ticket maximum (€)", null=True, blank=True)
    themes = _terms(Term.Kind.THEME, "thèmes soutenus", "+")
    stages = _terms(Term.Kind.STAGE, "stades accompagnés", "+")
    territory = models.CharField("territoire d'intervention", max_length=200, blank=True,
                                 help_text="Communes, numéros de département (92), « idf » ou « france », séparés "
                                           "par des virgules ; vide : non précisé.")
    summary = models.TextField("présentation de l'offre", blank=True)

    class Meta:
        verbose_name = "offre de financement"
        verbose_name_plural = "offres de financement"
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min_eur__isnull=True) | Q(ticket_max_eur__isnull=True)
                | Q(ticket_max_eur__gte=F("ticket_min_eur")),
                name="financing_offer_ticket_range_ordered"),
        ]

    def __str__(self) -> str:
        return f"Offre de {self.participant}"


class PurchaseNeedProfile(models.Model):
    """A buyer's purchase needs (public or private purchaser at the Busin'ESS 92 convention)."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="purchase_need",
                                       verbose_name="acheteur")
    categories = _terms(Term.Kind.PURCHASE_CATEGORY, "achats prévus", "+")
    themes = _terms(Term.Kind.THEME, "thèmes", "+")
    commune = models.CharField("commune où la prestation est attendue", max_length=120, blank=True)
    summary = models.TextField("présentation des besoins", blank=True)

    class Meta:
        verbose_name = "besoin d'achat"
        verbose_name_plural = "besoins d'achat"

    def __str__(self) -> str:
        return f"Achats de {self.participant}"


class SiaeOfferProfile(models.Model):
    """The services an insertion structure (SIAE) provides."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="siae_offer",
                                       verbose_name="SIAE")
    categories = _terms(Term.Kind.PURCHASE_CATEGORY, "prestations proposées", "+")
    themes = _terms(Term.Kind.THEME, "thèmes", "+")
    commune = models.CharField("commune du siège", max_length=120, blank=True)
    territory = models.CharField("communes desservies", max_length=200, blank=True,
                                 help_text="Communes, numéros de département (92), « idf » ou « france », séparés "
                                           "par des virgules.")
    summary = models.TextField("présentation des prestations", blank=True)

    class Meta:
        verbose_name = "offre d'une SIAE"
        verbose_name_plural = "offres des SIAE"

    def __str__(self) -> str:
        return f"Prestations de {self.participant}"
