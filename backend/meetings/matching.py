"""Profiles (rows) -> matchmaking dataclasses, scores with French reasons, request weights, suggestions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from backend.events.models import Participant
from backend.meetings.profile_models import (
    FinancingNeedProfile,
    FinancingOfferProfile,
    PurchaseNeedProfile,
    SiaeOfferProfile,
)

# Which profile each role fills in.
PROFILE_OF_ROLE = {
    Participant.Role.PROJECT_HOLDER: FinancingNeedProfile,
    Participant.Role.FUNDER: FinancingOfferProfile,
    Participant.Role.EXPERT: FinancingOfferProfile,
    Participant.Role.BUYER: PurchaseNeedProfile,
    Participant.Role.SIAE: SiaeOfferProfile,
}


@dataclasses.dataclass(frozen=True)
class NoMatch:
    """Two participants whose profiles cannot be compared (missing or not facing each other)."""

    score: int = 0
    reasons: tuple[str, ...] = ()
    blocking: tuple[str, ...] = ()


def label(participant: Participant) -> str:
    org = participant.organization.name if participant.organization_id else ""
    return f"{org} ({participant.display_name})" if org else participant.display_name


def names_in(problem: dict) -> dict[str, str]:
    return {p["id"]: p.get("name", p["id"]) for p in problem.get("participants", [])}


def _codes(manager) -> tuple[str, ...]:
    return tuple(term.code for term in manager.all())


def _build(cls: type, values: dict[str, Any]) -> Any:
    """Fills the dataclass fields we know; the others keep their defaults."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in names})


def _territory(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def to_dataclass(profile: Any) -> Any:
    import matchmaking

    pid = f"p{profile.participant_id}"
    if isinstance(profile, FinancingNeedProfile):
        return _build(matchmaking.FinancingNeed, {
            "id": pid, "instruments": _codes(profile.instruments), "amount": profile.amount_eur,
            "stage": profile.stage.code if profile.stage_id else None, "themes": _codes(profile.themes),
            "commune": profile.commune})
    if isinstance(profile, FinancingOfferProfile):
        return _build(matchmaking.FinancingOffer, {
            "id": pid, "instruments": _codes(profile.instruments), "ticket_min": profile.ticket_min_eur,
            "ticket_max": profile.ticket_max_eur, "themes": _codes(profile.themes), "stages": _codes(profile.stages),
            "territories": _territory(profile.territory)})
    if isinstance(profile, PurchaseNeedProfile):
        return _build(matchmaking.PurchaseNeed, {
            "id": pid, "categories": _codes(profile.categories), "themes": _codes(profile.themes),
            "commune": profile.commune})
    if isinstance(profile, SiaeOfferProfile):
        return _build(matchmaking.SiaeOffer, {
            "id": pid, "categories": _codes(profile.categories), "themes": _codes(profile.themes),
            "communes_served": _territory(profile.territory) or _territory(profile.commune)})
    raise TypeError(type(profile))


def profiles_for(participants: Iterable[Participant]) -> dict[int, Any]:
    """participant id -> matchmaking dataclass, for those who filled in the profile of their role."""
    by_model: dict[type, list[int]] = {}
    for person in participants:
        model = PROFILE_OF_ROLE.get(person.role)
        if model is not None:
            by_model.setdefault(model, []).append(person.pk)
    result = {}
    for model, ids in by_model.items():
        prefetch = [f.name for f in model._meta.many_to_many]
        rows = model.objects.filter(participant_id__in=ids).prefetch_related(*prefetch)
        if model is FinancingNeedProfile:
            rows = rows.select_related("stage")
        for row in rows:
            result[row.participant_id] = to_dataclass(row)
    return result


VIEWER = {"FinancingNeed": "holder", "FinancingOffer": "funder", "PurchaseNeed": "buyer", "SiaeOffer": "siae"}


def term_labels() -> dict[str, str]:
    """Labels organizers edited, and codes they added, for the French reasons. Unchanged terms are left
    out: matchmaking then words them as full phrases ("propose le prêt d'honneur que vous cherchez")."""
    from backend.meetings.profile_models import Term
    from matchmaking import VOCABULARIES

    defaults = {code: label for vocabulary in VOCABULARIES.values() for code, label in vocabulary}
    return {code: label for code, label in Term.objects.values_list("code", "label") if defaults.get(code) != label}


def score(host_profile: Any, guest_profile: Any, *, viewer: str = "guest", labels: dict | None = None) -> Any:
    """matchmaking's Match between a host and a guest, worded for `viewer` ("guest" or "host");
    NoMatch when a profile is missing or the two do not face each other (need against offer)."""
    import matchmaking

    pair = {type(host_profile).__name__: host_profile, type(guest_profile).__name__: guest_profile}
    seen_by = VIEWER.get(type(guest_profile if viewer == "guest" else host_profile).__name__)
    if "FinancingNeed" in pair and "FinancingOffer" in pair:
        return matchmaking.score_financing(pair["FinancingNeed"], pair["FinancingOffer"], viewer=seen_by,
                                           labels=labels)
    if "PurchaseNeed" in pair and "SiaeOffer" in pair:
        return matchmaking.score_business(pair["PurchaseNeed"], pair["SiaeOffer"], viewer=seen_by, labels=labels)
    return NoMatch()


def weight(*, rank: int | None, wishes_count: int, mutual: bool, host_flagged: bool, score: int) -> int:
    import matchmaking

    return int(matchmaking.request_weight(rank=rank, wishes_count=wishes_count, mutual=mutual,
                                          host_flagged=host_flagged, score=score))
