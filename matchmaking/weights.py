"""The weight of a meeting request, as the scheduling engine's objective sees it.

    weight = base(rank) + interest + compatibility, within 1..1000

base(rank)      the guest's own ranking, 1 = most wanted, out of `wishes_count` wishes:
                200 + 400 * (wishes_count - rank) / (wishes_count - 1)  -> 600 for the first
                wish, 200 for the last, evenly in between (600 when there is only one wish);
                100 when the guest did not rank this host (a request from the host's side).
interest        +250 when the interest is mutual (the guest asked and the host flagged or
                accepted), +100 when only the host flagged the guest.
compatibility   1.5 * score (0..100) -> 0..150.

The first wish of a guest is worth the same whatever the number of wishes, so a guest who
lists many hosts does not outweigh one who lists few. Mutual interest lifts a wish by more
than half the spread between first and last rank, without making a last wish beat a first
one on its own. Weights are small integers (at most 1000), so the CP-SAT objective (sum of
weights of a few thousand requests) stays well inside 64-bit arithmetic and its gap readable.
"""

WEIGHT_MIN = 1
WEIGHT_MAX = 1000

RANK_FIRST = 600
RANK_LAST = 200
UNRANKED = 100
MUTUAL_BONUS = 250
HOST_FLAG_BONUS = 100
SCORE_FACTOR = 1.5


def request_weight(*, rank: int | None, wishes_count: int, mutual: bool, host_flagged: bool, score: int) -> int:
    """Positive integer weight of one (host, guest) request; see the module docstring."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ValueError(f"score de compatibilité entre 0 et 100 attendu (reçu {score!r})")
    if rank is None:
        base = UNRANKED
    else:
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
            raise ValueError(f"rang 1 ou plus attendu (reçu {rank!r})")
        if not isinstance(wishes_count, int) or wishes_count < rank:
            raise ValueError(f"rang {rank} au-delà du nombre de souhaits ({wishes_count!r})")
        spread = RANK_FIRST - RANK_LAST
        base = RANK_LAST + (spread * (wishes_count - rank)) // max(wishes_count - 1, 1)
        if wishes_count == 1:
            base = RANK_FIRST
    if mutual:
        interest = MUTUAL_BONUS
    elif host_flagged:
        interest = HOST_FLAG_BONUS
    else:
        interest = 0
    weight = base + interest + round(SCORE_FACTOR * score)
    return max(WEIGHT_MIN, min(WEIGHT_MAX, weight))
