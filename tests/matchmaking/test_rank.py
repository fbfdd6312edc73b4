from hypothesis import given
from hypothesis import strategies as st

from matchmaking import FinancingNeed, FinancingOffer, Match, rank, suggest

matches = st.builds(Match, score=st.integers(0, 100), reasons=st.just(()),
                    blocking=st.sampled_from([(), ("bloquant",)]))


def test_rank_best_first_blocked_last_ties_stable():
    items = [("a", Match(50, (), ())), ("b", Match(90, (), ("hors territoire",))), ("c", Match(70, (), ())),
             ("d", Match(50, (), ())), ("e", Match(10, (), ()))]

    assert [key for key, _ in rank(items)] == ["c", "a", "d", "e", "b"]


@given(st.lists(matches, max_size=30))
def test_rank_is_a_sorted_permutation(found):
    items = list(enumerate(found))

    ranked = rank(items)

    assert sorted(k for k, _ in ranked) == list(range(len(found)))
    assert dict(ranked) == dict(items)
    keys = [(bool(m.blocking), -m.score, k) for k, m in ranked]
    assert keys == sorted(keys)  # stable: equal matches keep input (index) order


def test_suggest_keeps_compatible_offers_best_first():
    need = FinancingNeed(instruments={"garantie"}, amount=30_000, commune="Clamart")
    offers = [("banque", FinancingOffer(instruments={"garantie"}, ticket_max=10_000)),
              ("france-active", FinancingOffer(instruments={"garantie", "pret-honneur"}, territories={"92"})),
              ("cigales", FinancingOffer(instruments={"fonds-propres"})),
              ("villyz", FinancingOffer())]

    found = suggest(need, offers)

    assert [key for key, _ in found] == ["france-active", "villyz"]
    assert [key for key, _ in suggest(need, offers, include_blocked=True, limit=3)] == ["france-active", "villyz",
                                                                                       "banque"]
