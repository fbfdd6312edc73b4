"""Matchmaking: compatibility between profiles, explained in French, and request weights.

Pure Python (no Django). See docs/matchmaking.md.
"""

from matchmaking.profiles import FinancingNeed, FinancingOffer, PurchaseNeed, SiaeOffer
from matchmaking.scoring import Match, euros, rank, score_business, score_financing, suggest
from matchmaking.territory import Coverage, check_territory, department_of
from matchmaking.vocabulary import INSTRUMENTS, PURCHASE_CATEGORIES, STAGES, TERRITORIES, THEMES, VOCABULARIES
from matchmaking.weights import WEIGHT_MAX, WEIGHT_MIN, request_weight

__all__ = [
    "INSTRUMENTS", "PURCHASE_CATEGORIES", "STAGES", "TERRITORIES", "THEMES", "VOCABULARIES", "WEIGHT_MAX",
    "WEIGHT_MIN", "Coverage", "FinancingNeed", "FinancingOffer", "Match", "PurchaseNeed", "SiaeOffer",
    "check_territory", "department_of", "euros", "rank", "request_weight", "score_business", "score_financing",
    "suggest",
]
