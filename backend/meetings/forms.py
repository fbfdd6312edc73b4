"""Forms of the meetings pages (profiles, presence, starting a solve)."""

from __future__ import annotations

from django import forms

from backend.meetings.profile_models import (
    FinancingNeedProfile,
    FinancingOfferProfile,
    PurchaseNeedProfile,
    SiaeOfferProfile,
    Term,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProfileForm(forms.ModelForm):
    """Vocabulary fields as checkboxes of active terms; the model says which ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = forms.CheckboxSelectMultiple()
                field.queryset = field.queryset.filter(active=True)
            elif isinstance(field, forms.ModelChoiceField) and field.queryset.model is Term:
                field.queryset = field.queryset.filter(active=True)


def profile_form_class(model: type) -> type[ProfileForm]:
    fields = {
        FinancingNeedProfile: ["instruments", "amount_eur", "stage", "themes", "commune", "summary"],
        FinancingOfferProfile: ["instruments", "ticket_min_eur", "ticket_max_eur", "stages", "themes", "territory",
                                "summary"],
        PurchaseNeedProfile: ["categories", "themes", "commune", "summary"],
        SiaeOfferProfile: ["categories", "themes", "commune", "territory", "summary"],
    }[model]
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}Form", (ProfileForm,), {"Meta": meta})


class PresenceForm(forms.Form):
    arrives_at = forms.DateTimeField(label="J'arrive à", required=False, widget=DATETIME)
    leaves_at = forms.DateTimeField(label="Je pars à", required=False, widget=DATETIME)
    needs_accessible = forms.BooleanField(label="J'ai besoin d'une table accessible (PMR)", required=False)
    max_meetings = forms.IntegerField(label="Rendez-vous au plus (vide : la limite du bloc)", required=False,
                                      min_value=1)


class SolveForm(forms.Form):
    time_limit_s = forms.IntegerField(label="Durée maximale du calcul (secondes)", min_value=1, max_value=3600,
                                      required=False)


class ReplanForm(SolveForm):
    absent = forms.MultipleChoiceField(label="Absents à retirer (non présentés)", required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absent"].choices = [(p.pk, str(p)) for p in people]
