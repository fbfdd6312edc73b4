"""Hypothesis strategies for profiles drawn from the controlled vocabularies."""

from hypothesis import strategies as st

from matchmaking import (
    INSTRUMENTS,
    PURCHASE_CATEGORIES,
    STAGES,
    THEMES,
    FinancingNeed,
    FinancingOffer,
    PurchaseNeed,
    SiaeOffer,
    vocabulary,
)


def _codes(vocab):
    return st.frozensets(st.sampled_from([code for code, _ in vocab]), max_size=4)


amounts = st.one_of(st.none(), st.integers(0, 2_000_000))
communes = st.one_of(st.none(), st.sampled_from(vocabulary.COMMUNES_92 + ("Paris", "Lyon", "Saint-Denis (93200)")))
territories = st.frozensets(st.sampled_from(("france", "idf", "92", "93", "Nanterre", "Courbevoie", "Paris")),
                            max_size=3)


@st.composite
def financing_offers(draw):
    low, high = draw(amounts), draw(amounts)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return FinancingOffer(instruments=draw(_codes(INSTRUMENTS)), ticket_min=low, ticket_max=high,
                          themes=draw(_codes(THEMES)), territories=draw(territories), stages=draw(_codes(STAGES)))


@st.composite
def financing_needs(draw):
    return FinancingNeed(instruments=draw(_codes(INSTRUMENTS)), amount=draw(amounts),
                         stage=draw(st.one_of(st.none(), st.sampled_from([c for c, _ in STAGES]))),
                         themes=draw(_codes(THEMES)), commune=draw(communes))


@st.composite
def purchase_needs(draw):
    return PurchaseNeed(categories=draw(_codes(PURCHASE_CATEGORIES)), commune=draw(communes))


@st.composite
def siae_offers(draw):
    return SiaeOffer(categories=draw(_codes(PURCHASE_CATEGORIES)), communes_served=draw(territories))
