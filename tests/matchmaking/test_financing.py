import pytest
from hypothesis import given

from matchmaking import FinancingNeed, FinancingOffer, score_financing
from tests.matchmaking.strategies import financing_needs, financing_offers

NEED = FinancingNeed(instruments={"pret-honneur"}, amount=20_000, stage="creation",
                     themes={"economie-circulaire"}, commune="Courbevoie")
OFFER = FinancingOffer(instruments={"pret-honneur", "garantie"}, ticket_min=5_000, ticket_max=50_000,
                       themes={"economie-circulaire", "emploi-insertion"}, territories={"92"},
                       stages={"creation", "developpement"})


def _offer(**changes) -> FinancingOffer:
    fields = {"instruments": OFFER.instruments, "ticket_min": OFFER.ticket_min, "ticket_max": OFFER.ticket_max,
              "themes": OFFER.themes, "territories": OFFER.territories, "stages": OFFER.stages} | changes
    return FinancingOffer(**fields)


def _need(**changes) -> FinancingNeed:
    fields = {"instruments": NEED.instruments, "amount": NEED.amount, "stage": NEED.stage, "themes": NEED.themes,
              "commune": NEED.commune} | changes
    return FinancingNeed(**fields)


def test_score_financing_full_fit_explained_in_french():
    match = score_financing(NEED, OFFER)

    assert match.score == 100
    assert match.compatible
    assert match.explanation == (
        "propose le prêt d'honneur que vous cherchez ; montant dans sa fourchette (5\u00a0000\u00a0€ à 50\u00a0000\u00a0€) ; "
        "thème économie circulaire et réemploi ; accompagne les projets au stade « création » ; "
        "intervient dans les Hauts-de-Seine")


def test_score_financing_instrument_match_lists_common_instruments():
    match = score_financing(_need(instruments={"pret-honneur", "garantie", "subvention"}), OFFER)

    assert "propose le prêt d'honneur et la garantie que vous cherchez" in match.reasons


def test_score_financing_no_common_instrument_blocks():
    match = score_financing(_need(instruments={"crowdlending", "love-money"}), OFFER)

    assert not match.compatible
    assert match.blocking[0] == ("ne propose aucun des financements que vous cherchez "
                                 "(love money et prêt participatif (crowdlending))")
    assert match.score < score_financing(NEED, OFFER).score


def test_score_financing_unstated_instruments_neutral():
    with_instrument = score_financing(NEED, OFFER)
    unstated = score_financing(_need(instruments=set()), OFFER)

    assert unstated.compatible
    assert not any("propose" in reason for reason in unstated.reasons)
    assert unstated.score < with_instrument.score


@pytest.mark.parametrize("amount", [5_000, 20_000, 50_000])
def test_score_financing_amount_within_ticket_inclusive(amount):
    match = score_financing(_need(amount=amount), OFFER)

    assert match.compatible
    assert any(reason.startswith("montant dans sa fourchette") for reason in match.reasons)


@pytest.mark.parametrize(("amount", "expected"), [
    (4_999, "montant de 4\u00a0999\u00a0€ sous son ticket minimum (5\u00a0000\u00a0€)"),
    (50_001, "montant de 50\u00a0001\u00a0€ au-dessus de son ticket maximum (50\u00a0000\u00a0€)"),
])
def test_score_financing_amount_outside_ticket_blocks(amount, expected):
    match = score_financing(_need(amount=amount), OFFER)

    assert match.blocking == (expected,)


@pytest.mark.parametrize(("low", "high", "wording"), [(10_000, None, "à partir de 10\u00a0000\u00a0€"),
                                                      (None, 30_000, "jusqu'à 30\u00a0000\u00a0€")])
def test_score_financing_open_ticket_range(low, high, wording):
    match = score_financing(NEED, _offer(ticket_min=low, ticket_max=high))

    assert f"montant dans sa fourchette ({wording})" in match.reasons


def test_score_financing_more_shared_themes_score_higher():
    need = _need(themes={"economie-circulaire", "emploi-insertion", "handicap"})

    one = score_financing(need, _offer(themes={"economie-circulaire"}))
    two = score_financing(need, _offer(themes={"economie-circulaire", "emploi-insertion"}))
    none = score_financing(need, _offer(themes={"sport"}))

    assert none.score < one.score < two.score
    assert "thèmes économie circulaire et réemploi et emploi et insertion" in two.reasons
    assert none.compatible  # themes are a preference, not a condition
    assert not any(reason.startswith("thème") for reason in none.reasons)


@pytest.mark.parametrize(("territories", "expected"), [({"92"}, "intervient dans les Hauts-de-Seine"),
                                                       ({"Courbevoie"}, "intervient à Courbevoie"),
                                                       ({"idf"}, "intervient en Île-de-France"),
                                                       ({"france"}, "intervient dans toute la France")])
def test_score_financing_territory_covered(territories, expected):
    match = score_financing(NEED, _offer(territories=territories))

    assert expected in match.reasons


def test_score_financing_territory_outside_blocks():
    match = score_financing(NEED, _offer(territories={"Paris", "93"}))

    assert match.blocking == ("n'intervient pas à Courbevoie",)


def test_score_financing_stage_not_served_blocks():
    match = score_financing(_need(stage="idee"), OFFER)

    assert match.blocking == ("n'accompagne pas les projets au stade « idée »",)


def test_score_financing_funder_view_wording():
    match = score_financing(_need(commune="Nanterre"), OFFER, viewer="funder")

    assert match.reasons[0] == "cherche le prêt d'honneur que vous proposez"
    assert match.reasons[1].startswith("montant dans votre fourchette")
    assert "projet à Nanterre, dans votre territoire" in match.reasons


def test_score_financing_custom_code_uses_given_label():
    need = _need(instruments={"credit-bail"}, themes={"tiers-lieux"})
    offer = _offer(instruments={"credit-bail"}, themes={"tiers-lieux"})

    match = score_financing(need, offer, labels={"credit-bail": "crédit-bail", "tiers-lieux": "tiers-lieux"})

    assert "propose « crédit-bail » que vous cherchez" in match.reasons
    assert "thème tiers-lieux" in match.reasons


@pytest.mark.parametrize("bad", [{"ticket_min": 10, "ticket_max": 5}, {"ticket_min": -1}, {"instruments": "garantie"}])
def test_financing_offer_bad_values_rejected(bad):
    with pytest.raises(ValueError):
        _offer(**bad)


@given(need=financing_needs(), offer=financing_offers())
def test_score_financing_bounded_deterministic_and_blocked_below_compatible(need, offer):
    match = score_financing(need, offer)

    assert 0 <= match.score <= 100
    assert match == score_financing(need, offer)
    if match.blocking:
        assert match.score <= 23  # every compatible pair scores at least 32
    else:
        assert match.score >= 32


@given(need=financing_needs(), offer=financing_offers())
def test_score_financing_viewer_changes_words_not_score(need, offer):
    holder, funder = score_financing(need, offer), score_financing(need, offer, viewer="funder")

    assert holder.score == funder.score
    assert len(holder.reasons) == len(funder.reasons) and len(holder.blocking) == len(funder.blocking)
