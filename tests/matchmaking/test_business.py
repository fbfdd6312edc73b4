from hypothesis import given

from matchmaking import PurchaseNeed, SiaeOffer, score_business
from tests.matchmaking.strategies import purchase_needs, siae_offers

NEED = PurchaseNeed(categories={"nettoyage", "espaces-verts"}, commune="Nanterre")


def test_score_business_categories_and_territory_explained():
    match = score_business(NEED, SiaeOffer(categories={"nettoyage", "espaces-verts"}, communes_served={"92"}))

    assert match.score == 100
    assert match.reasons == ("cherche des prestations que vous proposez : nettoyage et propreté, espaces verts",
                             "besoin à Nanterre, dans votre zone d'intervention")


def test_score_business_partial_categories_score_lower():
    both = score_business(NEED, SiaeOffer(categories={"nettoyage", "espaces-verts"}, communes_served={"92"}))
    one = score_business(NEED, SiaeOffer(categories={"nettoyage", "textile"}, communes_served={"92"}))

    assert one.compatible
    assert one.score < both.score


def test_score_business_no_common_category_blocks():
    match = score_business(NEED, SiaeOffer(categories={"textile"}, communes_served={"92"}))

    assert match.blocking == ("ne cherche aucune des prestations que vous proposez",)


def test_score_business_outside_served_communes_blocks():
    match = score_business(NEED, SiaeOffer(categories={"nettoyage"}, communes_served={"Courbevoie", "Puteaux"}))

    assert match.blocking == ("besoin à Nanterre, hors de votre zone d'intervention",)


def test_score_business_buyer_view_wording():
    match = score_business(NEED, SiaeOffer(categories={"nettoyage"}, communes_served={"idf"}), viewer="buyer")

    assert match.reasons == ("propose des prestations que vous cherchez : nettoyage et propreté",
                             "intervient en Île-de-France")


@given(need=purchase_needs(), offer=siae_offers())
def test_score_business_bounded_and_blocked_below_compatible(need, offer):
    match = score_business(need, offer)

    assert 0 <= match.score <= 100
    assert (match.score <= 20) if match.blocking else (match.score >= 40)
