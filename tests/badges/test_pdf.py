import io
import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A6, landscape

import badges


def _cards(key: str, count: int) -> list[badges.BadgeCard]:
    roles = [("project_holder", "Porteuse de projet"), ("funder", "Financeur"), ("siae", "SIAE"), ("buyer", "Acheteur")]
    return [badges.BadgeCard(name=f"Zoé Lefèvre-Œuvray {i}", organization=f"Les petites cantines n°{i}",
                             role_label=roles[i % 4][1], role_key=roles[i % 4][0],
                             event_name="Rencontres ESS et Territoire", event_date_label="mercredi 13 novembre 2024",
                             token=badges.issue_token(private_key=key, event_id=1, registration_id=100 + i, version=1))
            for i in range(count)]


def _reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def _text(page) -> str:
    """Extracted text with line breaks made spaces (long names may wrap)."""
    return " ".join(page.extract_text().split())


def _size(page) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def test_badge_pdf_a6_one_page_per_badge_with_text(event_key):
    cards = _cards(event_key, 3)

    reader = _reader(badges.badge_pdf(cards, layout="a6"))

    assert len(reader.pages) == 3
    for page, card in zip(reader.pages, cards, strict=True):
        assert _size(page) == pytest.approx(A6, abs=0.01)
        text = _text(page)
        for expected in (card.name, card.organization, card.role_label.upper(), card.event_name,
                         badges.short_code(card.token)):
            assert expected in text


def test_badge_pdf_a4_four_badges_per_sheet(event_key):
    cards = _cards(event_key, 9)

    reader = _reader(badges.badge_pdf(cards, layout="a4"))

    assert len(reader.pages) == 3
    assert all(_size(page) == pytest.approx(A4, abs=0.01) for page in reader.pages)
    first = _text(reader.pages[0])
    assert all(card.name in first for card in cards[:4])
    assert cards[4].name not in first
    assert cards[8].name in _text(reader.pages[2])


def test_badge_pdf_french_typography_survives(event_key):
    token = badges.issue_token(private_key=event_key, event_id=1, registration_id=1, version=1)
    card = badges.BadgeCard(name="Œdipe d’Aubigné", organization="Cœur de l’économie « solidaire » — 92",
                            role_label="Expert·e", role_key="expert", event_name="Matinée des Financements à Impact",
                            event_date_label="13 novembre 2024", token=token)

    text = _text(_reader(badges.badge_pdf([card])).pages[0])

    for fragment in ("Œdipe d’Aubigné", "Cœur de l’économie « solidaire » — 92", "EXPERT·E", "Matinée", "à Impact"):
        assert fragment in text


def test_badge_pdf_characters_outside_the_font_are_folded(event_key):
    token = badges.issue_token(private_key=event_key, event_id=1, registration_id=1, version=1)
    card = badges.BadgeCard(name="Łukasz Bąk 🙂", organization="Ştefan & Ğül", role_label="Intervenant",
                            role_key="speaker", event_name="Rencontres", event_date_label="", token=token)

    text = _text(_reader(badges.badge_pdf([card])).pages[0])

    assert "Lukasz Bak" in text
    assert "Stefan & Gül" in text


def test_badge_pdf_unknown_role_and_long_texts_still_render(event_key):
    token = badges.issue_token(private_key=event_key, event_id=1, registration_id=1, version=1)
    card = badges.BadgeCard(name="Jean-Baptiste " + "Anticonstitutionnellement " * 6, organization="x" * 300,
                            role_label="Bénévole", role_key="volunteer", event_name="E" * 200,
                            event_date_label="d", token=token)

    reader = _reader(badges.badge_pdf([card]))

    assert len(reader.pages) == 1
    assert "Jean-Baptiste" in _text(reader.pages[0])


@pytest.mark.parametrize(("cards", "layout"), [([], "a6"), (None, "a5")])
def test_badge_pdf_bad_request_rejected_in_french(event_key, cards, layout):
    with pytest.raises(ValueError, match="badge|mise en page"):
        badges.badge_pdf(cards if cards is not None else _cards(event_key, 1), layout=layout)


def _table_card(rows: int, label: str = "Table 12") -> badges.TableCard:
    return badges.TableCard(table_label=label, host_name="Camille Dupré", host_organization="France Active Métropole",
                            event_name="Rencontres ESS et Territoire", block_title="Speed meetings financements",
                            rows=[(f"{10 + i // 4} h {15 * (i % 4):02d}", "" if i == 2 else f"Projet n°{i}")
                                  for i in range(rows)])


def test_table_cards_pdf_one_landscape_page_per_host():
    cards = [_table_card(14, "Table 12"), _table_card(14, "Table 13")]

    reader = _reader(badges.table_cards_pdf(cards))

    assert len(reader.pages) == 2
    assert all(_size(page) == pytest.approx(landscape(A4), abs=0.01) for page in reader.pages)
    text = _text(reader.pages[0])
    for expected in ("12", "Camille Dupré", "France Active Métropole", "Speed meetings financements",
                     "10 h 00", "Projet n°13", "libre"):
        assert expected in text
    assert "13" in _text(reader.pages[1])


def test_table_cards_pdf_long_list_continues_on_another_page():
    reader = _reader(badges.table_cards_pdf([_table_card(60)]))

    assert len(reader.pages) == 3  # at least 6 mm per row: 28 rows fit, spread evenly as 20 + 20 + 20
    text = "".join(_text(page) for page in reader.pages)
    assert "suite" in text
    assert all(f"Projet n°{i}" in text for i in range(60) if i != 2)


def test_table_cards_pdf_empty_list_rejected():
    with pytest.raises(ValueError, match="chevalet"):
        badges.table_cards_pdf([])


def test_badge_pdf_qr_drawn_in_the_page_decodes_to_the_token(event_key):
    card = _cards(event_key, 1)[0]
    page = _reader(badges.badge_pdf([card])).pages[0]

    # The QR is drawn in module units: one "column row width 1 re" operator per run of dark modules.
    content = page.get_contents().get_data().decode("latin-1")
    runs = [tuple(map(int, m)) for m in re.findall(r"^(\d+) (\d+) (\d+) 1 re$", content, flags=re.MULTILINE)]
    n = 17 + 4 * badges.qr_version(card.token)
    scale, quiet = 6, 4
    image = Image.new("L", ((n + 2 * quiet) * scale,) * 2, 255)
    draw = ImageDraw.Draw(image)
    for column, row_from_bottom, width in runs:
        top = (n - 1 - row_from_bottom + quiet) * scale
        draw.rectangle([(column + quiet) * scale, top, (column + width + quiet) * scale - 1, top + scale - 1], fill=0)

    assert runs
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [card.token]
