import re

import pytest

from matchmaking import VOCABULARIES, vocabulary


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_vocabulary_codes_are_unique_stable_slugs(name):
    entries = VOCABULARIES[name]

    codes = [code for code, _ in entries]

    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) for code in codes)
    assert all(label.strip() == label and label for _, label in entries)


def test_vocabulary_instruments_of_the_programme_present():
    labels = {label for _, label in vocabulary.INSTRUMENTS}

    for expected in ("micro-crédit", "prêt d'honneur", "subvention", "business angels", "love money", "garantie",
                     "épargne solidaire", "affacturage", "fonds d'investissement", "finance solidaire"):
        assert expected in labels
    assert set(vocabulary.INSTRUMENT_PHRASES) == {code for code, _ in vocabulary.INSTRUMENTS}


def test_vocabulary_communes_92_complete():
    assert len(set(vocabulary.COMMUNES_92)) == 36
    assert "Courbevoie" in vocabulary.COMMUNES_92


def test_vocabulary_label_of_unknown_code_is_the_code():
    assert vocabulary.label_of(vocabulary.THEMES, "economie-circulaire") == "économie circulaire et réemploi"
    assert vocabulary.label_of(vocabulary.THEMES, "theme-maison") == "theme-maison"
