"""Compatibility scores (0..100) with their reasons in French.

One small function per rule; each returns the points it gives, and a reason or a blocking
incompatibility. The rule weights are fixed so that a score means the same thing everywhere:

financing  instruments 40, amount 25, themes 20, stage 10, territory 5
business   purchase categories 80, territory 20

A rule that cannot be judged (one side did not state it) gives part of its points and no
reason. Any blocking incompatibility divides the total by four, so every blocked pair scores
below every compatible one (see docs/matchmaking.md).
"""

from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal

from matchmaking import vocabulary as voc
from matchmaking.profiles import FinancingNeed, FinancingOffer, PurchaseNeed, SiaeOffer
from matchmaking.territory import Coverage, check_territory

Labels = Mapping[str, str] | None
FinancingViewer = Literal["holder", "funder"]
BusinessViewer = Literal["siae", "buyer"]


@dataclass(frozen=True)
class Match:
    score: int  # 0..100
    reasons: tuple[str, ...]  # what makes the pair worth a meeting, in French
    blocking: tuple[str, ...]  # why the pair does not fit, in French (empty when compatible)

    @property
    def compatible(self) -> bool:
        return not self.blocking

    @property
    def explanation(self) -> str:
        """The reasons as one French sentence fragment: "propose … ; montant dans sa fourchette"."""
        return " ; ".join(self.reasons)


@dataclass(frozen=True)
class _Rule:
    points: int
    reason: str | None = None
    blocking: str | None = None


def _finish(rules: list[_Rule]) -> Match:
    total = sum(rule.points for rule in rules)
    blocking = tuple(rule.blocking for rule in rules if rule.blocking)
    if blocking:
        total //= 4
    return Match(score=max(0, min(100, total)), reasons=tuple(r.reason for r in rules if r.reason),
                 blocking=blocking)


# --- words ----------------------------------------------------------------------------------

def _ordered(codes: AbstractSet[str], vocabulary: tuple[tuple[str, str], ...]) -> list[str]:
    """Vocabulary order first (as organizers listed them), then unknown codes alphabetically."""
    position = {code: i for i, (code, _) in enumerate(vocabulary)}
    return sorted(codes, key=lambda code: (position.get(code, len(position)), code))


def _labels(codes: AbstractSet[str], vocabulary: tuple[tuple[str, str], ...], labels: Labels) -> list[str]:
    return [(labels or {}).get(code) or voc.label_of(vocabulary, code) for code in _ordered(codes, vocabulary)]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def _instrument_phrases(codes: AbstractSet[str], labels: Labels) -> str:
    phrases = []
    for code in _ordered(codes, voc.INSTRUMENTS):
        custom = (labels or {}).get(code)
        known = voc.INSTRUMENT_PHRASES.get(code)
        phrases.append(f"« {custom} »" if custom else known or f"« {voc.label_of(voc.INSTRUMENTS, code)} »")
    return _and(phrases)


def euros(amount: int) -> str:
    """10000 -> "10 000 €" (no-break spaces, French style)."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0€"


def _ticket_range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{euros(low)} à {euros(high)}"
    return f"à partir de {euros(low)}" if low is not None else f"jusqu'à {euros(high or 0)}"


# --- financing rules ------------------------------------------------------------------------

def _instruments(need: FinancingNeed, offer: FinancingOffer, viewer: FinancingViewer, labels: Labels) -> _Rule:
    if not need.instruments or not offer.instruments:
        return _Rule(15)
    common = need.instruments & offer.instruments
    if common:
        phrase = _instrument_phrases(common, labels)
        if viewer == "holder":
            return _Rule(40, f"propose {phrase} que vous cherchez")
        return _Rule(40, f"cherche {phrase} que vous proposez")
    sought = _and(_labels(need.instruments, voc.INSTRUMENTS, labels))
    if viewer == "holder":
        return _Rule(0, blocking=f"ne propose aucun des financements que vous cherchez ({sought})")
    return _Rule(0, blocking=f"cherche des financements que vous ne proposez pas ({sought})")


def _amount(need: FinancingNeed, offer: FinancingOffer, viewer: FinancingViewer) -> _Rule:
    low, high = offer.ticket_min, offer.ticket_max
    if need.amount is None or (low is None and high is None):
        return _Rule(10)
    his, her = ("son", "sa") if viewer == "holder" else ("votre", "votre")
    if low is not None and need.amount < low:
        return _Rule(0, blocking=f"montant de {euros(need.amount)} sous {his} ticket minimum ({euros(low)})")
    if high is not None and need.amount > high:
        return _Rule(0, blocking=f"montant de {euros(need.amount)} au-dessus de {his} ticket maximum ({euros(high)})")
    return _Rule(25, f"montant dans {her} fourchette ({_ticket_range(low, high)})")


def _themes(need: FinancingNeed, offer: FinancingOffer, labels: Labels) -> _Rule:
    if not need.themes or not offer.themes:
        return _Rule(10)
    common = need.themes & offer.themes
    if not common:
        return _Rule(0)
    words = _labels(common, voc.THEMES, labels)
    # Half the points for sharing a theme, the rest for covering all of the project's themes.
    points = 10 + round(10 * len(common) / len(need.themes))
    return _Rule(points, ("thème " if len(words) == 1 else "thèmes ") + _and(words))


def _stage(need: FinancingNeed, offer: FinancingOffer, viewer: FinancingViewer, labels: Labels) -> _Rule:
    if need.stage is None or not offer.stages:
        return _Rule(5)
    stage = (labels or {}).get(need.stage) or voc.label_of(voc.STAGES, need.stage)
    if need.stage in offer.stages:
        if viewer == "holder":
            return _Rule(10, f"accompagne les projets au stade « {stage} »")
        return _Rule(10, f"projet au stade « {stage} », que vous accompagnez")
    if viewer == "holder":
        return _Rule(0, blocking=f"n'accompagne pas les projets au stade « {stage} »")
    return _Rule(0, blocking=f"projet au stade « {stage} », que vous n'accompagnez pas")


def _territory(commune: str | None, territories: AbstractSet[str], points: int, reached: str,
               not_reached: str) -> _Rule:
    check = check_territory(commune, territories)
    if check.coverage is Coverage.COVERED:
        return _Rule(points, reached.format(where=check.where, place=check.place))
    if check.coverage is Coverage.NOT_COVERED:
        return _Rule(0, blocking=not_reached.format(where=check.where, place=check.place))
    return _Rule(points // 2)


def score_financing(need: FinancingNeed, offer: FinancingOffer, *, viewer: FinancingViewer = "holder",
                    labels: Labels = None) -> Match:
    """How well a funder's offer fits a project's need; reasons worded for `viewer`.

    `labels` maps codes to labels for codes organizers added (vocabulary labels otherwise).
    """
    if viewer == "holder":
        territory = _territory(need.commune, offer.territories, 5, "intervient {where}", "n'intervient pas {where}")
    else:
        territory = _territory(need.commune, offer.territories, 5, "projet {place}, dans votre territoire",
                               "projet {place}, hors de votre territoire")
    return _finish([
        _instruments(need, offer, viewer, labels),
        _amount(need, offer, viewer),
        _themes(need, offer, labels),
        _stage(need, offer, viewer, labels),
        territory,
    ])


# --- business rules -------------------------------------------------------------------------

def _categories(need: PurchaseNeed, offer: SiaeOffer, viewer: BusinessViewer, labels: Labels) -> _Rule:
    if not need.categories or not offer.categories:
        return _Rule(30)
    common = need.categories & offer.categories
    if not common:
        if viewer == "siae":
            return _Rule(0, blocking="ne cherche aucune des prestations que vous proposez")
        return _Rule(0, blocking="ne propose aucune des prestations que vous cherchez")
    words = ", ".join(_labels(common, voc.PURCHASE_CATEGORIES, labels))
    points = 60 + round(20 * len(common) / len(need.categories))
    if viewer == "siae":
        return _Rule(points, f"cherche des prestations que vous proposez : {words}")
    return _Rule(points, f"propose des prestations que vous cherchez : {words}")


def score_business(need: PurchaseNeed, offer: SiaeOffer, *, viewer: BusinessViewer = "siae",
                   labels: Labels = None) -> Match:
    """How well an SIAE's services fit a buyer's purchase needs; reasons worded for `viewer`.

    At the Busin'ESS 92 convention the SIAE move between the buyers' tables, so by default the
    reasons speak to the SIAE ("cherche des prestations que vous proposez : …").
    """
    if viewer == "siae":
        territory = _territory(need.commune, offer.communes_served, 20, "besoin {place}, dans votre zone d'intervention",
                               "besoin {place}, hors de votre zone d'intervention")
    else:
        territory = _territory(need.commune, offer.communes_served, 20, "intervient {where}", "n'intervient pas {where}")
    return _finish([_categories(need, offer, viewer, labels), territory])


# --- ranking --------------------------------------------------------------------------------

def rank[K](items: Iterable[tuple[K, Match]]) -> list[tuple[K, Match]]:
    """Best first: compatible pairs before blocked ones, then by score; ties keep their order."""
    return sorted(items, key=lambda item: (bool(item[1].blocking), -item[1].score))


def suggest[K](need: FinancingNeed | PurchaseNeed, offers: Iterable[tuple[K, FinancingOffer | SiaeOffer]], *,
            limit: int | None = None, include_blocked: bool = False, labels: Labels = None) -> list[tuple[K, Match]]:
    """Score every offer against one need (from the need's side) and rank them."""
    scorer: Callable[..., Match] = score_financing if isinstance(need, FinancingNeed) else score_business
    viewer = "holder" if isinstance(need, FinancingNeed) else "buyer"
    scored = [(key, scorer(need, offer, viewer=viewer, labels=labels)) for key, offer in offers]
    ranked = [item for item in rank(scored) if include_blocked or item[1].compatible]
    return ranked if limit is None else ranked[:limit]
