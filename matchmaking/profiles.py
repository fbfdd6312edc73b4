"""What each side states: financing needs and offers, purchase needs and SIAE services.

Sets of vocabulary codes (see matchmaking.vocabulary); any set, list or tuple is accepted and
stored as a frozenset, so profiles are hashable and comparisons never depend on order.
"""

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field


def _freeze(instance: object, *names: str) -> None:
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, str):  # a lone code would otherwise become a set of letters
            raise ValueError(f"{name} : un ensemble de codes est attendu, pas le texte « {value} »")
        object.__setattr__(instance, name, frozenset(value or ()))


def _check_amount(name: str, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(f"{name} : montant en euros entier et positif attendu (reçu {value!r})")


def _clean(text: str | None) -> str | None:
    return text.strip() or None if isinstance(text, str) else text


@dataclass(frozen=True)
class FinancingNeed:
    """A project holder's need: instruments sought, amount in euros, stage, themes, commune."""

    instruments: AbstractSet[str] = field(default_factory=frozenset)
    amount: int | None = None
    stage: str | None = None
    themes: AbstractSet[str] = field(default_factory=frozenset)
    commune: str | None = None

    def __post_init__(self) -> None:
        _freeze(self, "instruments", "themes")
        _check_amount("montant", self.amount)
        object.__setattr__(self, "stage", _clean(self.stage))
        object.__setattr__(self, "commune", _clean(self.commune))


@dataclass(frozen=True)
class FinancingOffer:
    """A funder's or expert's offer. Empty sets and None mean "not restricted / not stated".

    territories: commune names, department codes ("92"), "idf" or "france".
    """

    instruments: AbstractSet[str] = field(default_factory=frozenset)
    ticket_min: int | None = None
    ticket_max: int | None = None
    themes: AbstractSet[str] = field(default_factory=frozenset)
    territories: AbstractSet[str] = field(default_factory=frozenset)
    stages: AbstractSet[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        _freeze(self, "instruments", "themes", "territories", "stages")
        _check_amount("ticket minimum", self.ticket_min)
        _check_amount("ticket maximum", self.ticket_max)
        if self.ticket_min is not None and self.ticket_max is not None and self.ticket_min > self.ticket_max:
            raise ValueError(f"ticket minimum ({self.ticket_min} €) supérieur au ticket maximum ({self.ticket_max} €)")


@dataclass(frozen=True)
class PurchaseNeed:
    """A buyer's purchase needs (PURCHASE_CATEGORIES codes) and where the service is needed."""

    categories: AbstractSet[str] = field(default_factory=frozenset)
    commune: str | None = None

    def __post_init__(self) -> None:
        _freeze(self, "categories")
        object.__setattr__(self, "commune", _clean(self.commune))


@dataclass(frozen=True)
class SiaeOffer:
    """What an SIAE provides and where (communes, department codes, "idf" or "france")."""

    categories: AbstractSet[str] = field(default_factory=frozenset)
    communes_served: AbstractSet[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        _freeze(self, "categories", "communes_served")
