import pytest
from hypothesis import given
from hypothesis import strategies as st

from badges import pdf_safe


@pytest.mark.parametrize("text", ["Zoé Lefèvre", "Œuvre d’art", "cœur", "« guillemets »", "10 000 €", "Ça, à, û, ï"])
def test_pdf_safe_french_kept_unchanged(text):
    assert pdf_safe(text) == text


@pytest.mark.parametrize(("text", "expected"), [("Łódź", "Lódz"), ("Ştefan", "Stefan"), ("a\u202fb", "a\u00a0b"),
                                                ("x\u2011y", "x-y"), ("emoji 🙂 ici", "emoji ici"),
                                                ("ligne\nsuivante", "ligne suivante"), ("日本", "??")])
def test_pdf_safe_outside_font_folded(text, expected):
    assert pdf_safe(text) == expected


@given(st.text())
def test_pdf_safe_result_always_fits_the_font(text):
    pdf_safe(text).encode("cp1252")
