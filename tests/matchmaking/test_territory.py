import pytest

from matchmaking import Coverage, check_territory, department_of


@pytest.mark.parametrize(("commune", "expected"), [
    ("Courbevoie", "92"), ("COURBEVOIE", "92"), ("chatenay malabry", "92"), ("Ville-d’Avray", "92"),
    ("St-Cloud", "92"), ("Courbevoie (92400)", "92"), ("Saint-Denis 93200", "93"), ("Paris", "75"),
    ("Paris 15e", "75"), ("Fort-de-France 97200", "972"), ("Lyon", None), ("", None),
])
def test_department_of_commune(commune, expected):
    assert department_of(commune) == expected


@pytest.mark.parametrize(("commune", "territories", "coverage", "where"), [
    ("Courbevoie", {"courbevoie"}, Coverage.COVERED, "à Courbevoie"),
    ("Courbevoie", {"92"}, Coverage.COVERED, "dans les Hauts-de-Seine"),
    ("Montreuil 93100", {"idf"}, Coverage.COVERED, "en Île-de-France"),
    ("Lyon", {"france"}, Coverage.COVERED, "dans toute la France"),
    ("Courbevoie", {"Paris", "93"}, Coverage.NOT_COVERED, "à Courbevoie"),
    ("Lyon 69003", {"idf"}, Coverage.NOT_COVERED, "à Lyon"),
    ("Lyon", {"Nanterre"}, Coverage.NOT_COVERED, "à Lyon"),
    ("Vincennes", {"idf"}, Coverage.UNKNOWN, ""),  # no postcode, not in the 92: cannot place it
    ("Courbevoie", set(), Coverage.UNKNOWN, ""),
    (None, {"92"}, Coverage.UNKNOWN, ""),
])
def test_check_territory_cases(commune, territories, coverage, where):
    result = check_territory(commune, territories)

    assert result.coverage is coverage
    assert result.where == where
