"""Forms of the French pages. They parse; services decide."""

from django import forms

from backend.events.models import Organization, ProgrammeItem
from backend.events.services import SELF_SERVICE_ROLES

MAX_ID = 2**63 - 1  # the largest value of an id column (bigint)


class WorkshopChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        # A number too big for the id column would crash the database lookup: it is just not a choice.
        for pk in value or []:
            if str(pk).strip().isdigit() and int(str(pk).strip()) > MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": pk})
        return super().clean(value)

    def label_from_instance(self, item: ProgrammeItem) -> str:
        from django.utils import timezone

        start = timezone.localtime(item.start).strftime("%H:%M")
        end = timezone.localtime(item.end).strftime("%H:%M")
        seats = ""
        if item.capacity is not None:
            left = max(item.capacity - getattr(item, "seats_taken", 0), 0)
            seats = f" · {left} place{'s' if left > 1 else ''} restante{'s' if left > 1 else ''}" if left else \
                " · complet : liste d'attente"
        return f"{start}–{end} · {item.title}{seats}"


class RegistrationForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(label="Adresse e-mail")
    password = forms.CharField(label="Mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="Au moins 8 caractères, pas uniquement des chiffres.")
    role = forms.ChoiceField(label="Vous venez en tant que", choices=[(r.value, r.label) for r in SELF_SERVICE_ROLES])
    organization = forms.CharField(label="Organisation", max_length=200, required=False)
    organization_kind = forms.ChoiceField(label="Type d'organisation", required=False,
                                          choices=[("", "—"), *Organization.Kind.choices])
    commune = forms.CharField(label="Commune", max_length=120, required=False)
    siret = forms.CharField(label="SIRET", max_length=20, required=False, help_text="14 chiffres, facultatif.")
    job_title = forms.CharField(label="Fonction", max_length=120, required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    workshops = WorkshopChoiceField(label="Ateliers", queryset=ProgrammeItem.objects.none(), required=False,
                                    help_text="Les ateliers à la même heure s'excluent : un seul par créneau.")
    gdpr_consent = forms.BooleanField(
        label="J'accepte que mes données soient utilisées pour organiser les rencontres (RGPD).",
        error_messages={"required": "Le consentement RGPD est obligatoire pour s'inscrire."})

    ACCOUNT_FIELDS = ("first_name", "last_name", "email", "password", "role", "organization",
                      "organization_kind", "commune", "siret", "job_title", "phone")

    def __init__(self, *args, workshops, has_profile: bool, is_authenticated: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshops"].queryset = workshops
        if is_authenticated:
            for name in ("first_name", "last_name", "email", "password"):
                del self.fields[name]
        if has_profile:
            for name in self.ACCOUNT_FIELDS:
                self.fields.pop(name, None)


class WorkshopsForm(forms.Form):
    workshops = WorkshopChoiceField(label="Ateliers", queryset=ProgrammeItem.objects.none(), required=False)

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshops"].queryset = workshops


class ImportForm(forms.Form):
    file = forms.FileField(label="Fichier des participants (.xlsx ou .csv)")
    dry_run = forms.BooleanField(label="Vérifier seulement (rien n'est enregistré)", required=False, initial=True)


class ProfileForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(label="Adresse e-mail")
    job_title = forms.CharField(label="Fonction", max_length=120, required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)

