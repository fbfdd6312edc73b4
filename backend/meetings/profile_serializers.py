"""API shapes of the matchmaking profiles: vocabulary terms are given by their code."""

from __future__ import annotations

from rest_framework import serializers

from backend.meetings.profile_models import (
    FinancingNeedProfile,
    FinancingOfferProfile,
    PurchaseNeedProfile,
    SiaeOfferProfile,
    Term,
)


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["kind", "code", "label"]


def _terms(kind: str, many: bool = True, **kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", many=many, queryset=Term.objects.filter(kind=kind),
                                        **kwargs)


class FinancingNeedSerializer(serializers.ModelSerializer):
    instruments = _terms(Term.Kind.INSTRUMENT, required=False)
    themes = _terms(Term.Kind.THEME, required=False)
    stage = _terms(Term.Kind.STAGE, many=False, required=False, allow_null=True)

    class Meta:
        model = FinancingNeedProfile
        fields = ["instruments", "amount_eur", "stage", "themes", "commune", "summary"]


class FinancingOfferSerializer(serializers.ModelSerializer):
    instruments = _terms(Term.Kind.INSTRUMENT, required=False)
    themes = _terms(Term.Kind.THEME, required=False)
    stages = _terms(Term.Kind.STAGE, required=False)

    class Meta:
        model = FinancingOfferProfile
        fields = ["instruments", "ticket_min_eur", "ticket_max_eur", "themes", "stages", "territory", "summary"]


class PurchaseNeedSerializer(serializers.ModelSerializer):
    categories = _terms(Term.Kind.PURCHASE_CATEGORY, required=False)
    themes = _terms(Term.Kind.THEME, required=False)

    class Meta:
        model = PurchaseNeedProfile
        fields = ["categories", "themes", "commune", "summary"]


class SiaeOfferSerializer(serializers.ModelSerializer):
    categories = _terms(Term.Kind.PURCHASE_CATEGORY, required=False)
    themes = _terms(Term.Kind.THEME, required=False)

    class Meta:
        model = SiaeOfferProfile
        fields = ["categories", "themes", "commune", "territory", "summary"]


SERIALIZER_OF_MODEL = {
    FinancingNeedProfile: FinancingNeedSerializer,
    FinancingOfferProfile: FinancingOfferSerializer,
    PurchaseNeedProfile: PurchaseNeedSerializer,
    SiaeOfferProfile: SiaeOfferSerializer,
}
