"""Printable badges (A6, or four A6 on A4 with cut marks) and table cards (A4 landscape)."""

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from badges.qr import qr_matrix
from badges.text import pdf_safe
from badges.tokens import short_code

BOLD = "Helvetica-Bold"
REGULAR = "Helvetica"
MONO = "Courier-Bold"
INK = HexColor("#1A1A1A")
MUTED = HexColor("#555555")

# One colour per role key of backend.events.models.Participant.Role, readable under white text
# and distinct when printed (also in grey scale, by lightness).
ROLE_COLOURS: dict[str, str] = {
    "project_holder": "#1B7F5C",
    "funder": "#1F4E9A",
    "expert": "#6A3D9A",
    "siae": "#C2571A",
    "buyer": "#B0182F",
    "local_authority": "#00798C",
    "speaker": "#8A6D00",
    "organizer": "#2B2B2B",
}
DEFAULT_COLOUR = "#5C5C5C"


@dataclass(frozen=True)
class BadgeCard:
    name: str
    organization: str
    role_label: str
    role_key: str
    event_name: str
    event_date_label: str
    token: str


@dataclass(frozen=True)
class TableCard:
    table_label: str
    host_name: str
    host_organization: str
    event_name: str
    block_title: str
    rows: list[tuple[str, str]]  # (slot label, expected guest; "" when the slot is free)


def role_colour(role_key: str) -> Color:
    return HexColor(ROLE_COLOURS.get(role_key, DEFAULT_COLOUR))


def _save(canvas: Canvas) -> None:
    """Save with plain Flate streams: ASCII85 on top only makes the file bigger and slower."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        canvas.save()
    finally:
        rl_config.useA85 = previous


def _new_canvas(buffer: io.BytesIO, pagesize: tuple[float, float], title: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=pagesize, invariant=True, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Rencontres ESS")
    canvas.setCreator("Rencontres ESS (badges)")
    return canvas


def _fit_lines(text: str, font: str, width: float, largest: float, smallest: float,
               max_lines: int) -> tuple[float, list[str]]:
    """Biggest font size in [smallest, largest] at which `text` wraps into max_lines lines.

    One line is preferred while it only costs a quarter of the size: names read better unbroken.
    """
    size = largest
    while max_lines > 1 and size >= max(smallest, largest * 0.75):
        if stringWidth(text, font, size) <= width:
            return size, [text]
        size -= 1
    size = largest
    while True:
        lines = simpleSplit(text, font, size, width) or [""]
        if len(lines) <= max_lines or size <= smallest:
            break
        size = max(smallest, size - 1)
    if len(lines) > max_lines:  # still too long at the smallest size: cut with an ellipsis
        lines = lines[:max_lines]
        last = lines[-1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    # a single unbreakable word wider than the box: shrink it
    widest = max(stringWidth(line, font, size) for line in lines)
    if widest > width:
        size = size * width / widest
    return size, lines


def _draw_lines(canvas: Canvas, lines: list[str], font: str, size: float, x_centre: float, top: float,
                leading: float = 1.18) -> float:
    """Centred lines from `top` downwards; returns the y below the last line."""
    canvas.setFont(font, size)
    y = top
    for line in lines:
        y -= size
        canvas.drawCentredString(x_centre, y, line)
        y -= size * (leading - 1)
    return y


def _draw_qr(canvas: Canvas, token: str, x: float, y: float, side: float) -> None:
    """The QR as vector rectangles (one per horizontal run of dark modules): crisp at any DPI.

    The rectangles are written as raw PDF operators in module units under one scaling
    transform: going through reportlab's path objects formats ~400 floats per badge in pure
    Python and doubled the time of a 300-badge PDF.
    """
    matrix = qr_matrix(token)
    n = len(matrix)
    ops = []
    for r, row in enumerate(matrix):
        y_module = n - r - 1
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start} {y_module} {c - start} 1 re")
            else:
                c += 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(side / n, side / n)
    canvas.setFillColor(INK)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()


def _draw_badge(canvas: Canvas, card: BadgeCard, x0: float, y0: float) -> None:
    """One A6 badge whose lower-left corner is (x0, y0). Everything stays 5 mm inside the edges."""
    width, height = A6
    margin = 5 * mm
    inner = width - 2 * margin
    centre = x0 + width / 2
    colour = role_colour(card.role_key)

    band = 19 * mm
    top = y0 + height - margin
    canvas.setFillColor(colour)
    canvas.roundRect(x0 + margin, top - band, inner, band, 2 * mm, stroke=0, fill=1)
    canvas.setFillColor(white)
    size, lines = _fit_lines(pdf_safe(card.role_label).upper(), BOLD, inner - 6 * mm, 17, 9, 1)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(centre, top - band / 2 - size * 0.35, lines[0])

    y = top - band - 4 * mm
    canvas.setFillColor(MUTED)
    size, lines = _fit_lines(pdf_safe(card.event_name), BOLD, inner, 9.5, 7, 2)
    y = _draw_lines(canvas, lines, BOLD, size, centre, y)
    size, lines = _fit_lines(pdf_safe(card.event_date_label), REGULAR, inner, 9, 7, 1)
    y = _draw_lines(canvas, lines, REGULAR, size, centre, y - 0.5 * mm)

    canvas.setFillColor(INK)
    size, lines = _fit_lines(pdf_safe(card.name), BOLD, inner, 26, 14, 2)
    y = _draw_lines(canvas, lines, BOLD, size, centre, y - 5 * mm, leading=1.1)
    canvas.setFillColor(colour)
    size, lines = _fit_lines(pdf_safe(card.organization), REGULAR, inner, 14, 9, 2)
    _draw_lines(canvas, lines, REGULAR, size, centre, y - 2 * mm)

    # The QR and its typed code at the bottom; 48 mm gives 1.3 mm modules for a version 5 QR.
    bottom = y0 + margin + 4 * mm
    side = 48 * mm
    canvas.setFillColor(MUTED)
    canvas.setFont(MONO, 10)
    canvas.drawCentredString(centre, bottom - 1.5 * mm, short_code(card.token))
    _draw_qr(canvas, card.token, centre - side / 2, bottom + 2.5 * mm, side)
    canvas.setFillColor(colour)
    canvas.rect(x0 + margin, y0 + margin - 1.5 * mm, inner, 2 * mm, stroke=0, fill=1)


def _cut_marks(canvas: Canvas) -> None:
    """A4 holds exactly 2 x 2 A6: marks where to cut, on the centre lines, clear of the badges."""
    width, height = A4
    mark = 7 * mm
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.4)
    canvas.line(width / 2, 0, width / 2, mark)
    canvas.line(width / 2, height - mark, width / 2, height)
    canvas.line(0, height / 2, mark, height / 2)
    canvas.line(width - mark, height / 2, width, height / 2)
    canvas.line(width / 2 - mark / 2, height / 2, width / 2 + mark / 2, height / 2)
    canvas.line(width / 2, height / 2 - mark / 2, width / 2, height / 2 + mark / 2)


LAYOUTS = ("a6", "a4")


def badge_pdf(cards: Sequence[BadgeCard], *, layout: str = "a6") -> bytes:
    """Badges as one PDF: "a6" one badge per A6 page; "a4" four badges per A4 sheet, cut marks."""
    if layout not in LAYOUTS:
        raise ValueError(f"mise en page inconnue « {layout} » : choisir « a6 » ou « a4 »")
    if not cards:
        raise ValueError("aucun badge à imprimer")
    buffer = io.BytesIO()
    if layout == "a6":
        canvas = _new_canvas(buffer, A6, "Badges")
        for card in cards:
            _draw_badge(canvas, card, 0, 0)
            canvas.showPage()
    else:
        canvas = _new_canvas(buffer, A4, "Badges (planches A4)")
        w, h = A6
        origins = [(0, h), (w, h), (0, 0), (w, 0)]  # reading order: top row first
        for start in range(0, len(cards), 4):
            for card, (x, y) in zip(cards[start:start + 4], origins, strict=False):
                _draw_badge(canvas, card, x, y)
            _cut_marks(canvas)
            canvas.showPage()
    _save(canvas)
    return buffer.getvalue()


def _table_card_pages(canvas: Canvas, card: TableCard) -> None:
    width, height = landscape(A4)
    margin = 15 * mm
    left_w = width * 0.46 - margin
    centre = margin + left_w / 2

    rows = list(card.rows) or [("", "")]
    list_x = width * 0.46 + 5 * mm
    list_w = width - margin - list_x
    header = 12 * mm
    available = height - 2 * margin - header
    row_h = max(6 * mm, min(11 * mm, available / len(rows)))
    capacity = max(1, int(available // row_h))
    per_page = -(-len(rows) // -(-len(rows) // capacity))  # same number of rows on every page
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)]

    for number, page_rows in enumerate(pages, start=1):
        y = height - margin
        canvas.setFillColor(MUTED)
        size, lines = _fit_lines(pdf_safe(card.event_name), BOLD, left_w, 13, 9, 2)
        y = _draw_lines(canvas, lines, BOLD, size, centre, y)
        size, lines = _fit_lines(pdf_safe(card.block_title), REGULAR, left_w, 13, 9, 2)
        y = _draw_lines(canvas, lines, REGULAR, size, centre, y - 1 * mm)

        canvas.setFillColor(INK)
        size, lines = _fit_lines(pdf_safe(card.table_label), BOLD, left_w, 110, 36, 2)
        y = _draw_lines(canvas, lines, BOLD, size, centre, y - 10 * mm, leading=1.05)
        size, lines = _fit_lines(pdf_safe(card.host_name), BOLD, left_w, 26, 14, 2)
        y = _draw_lines(canvas, lines, BOLD, size, centre, y - 10 * mm)
        canvas.setFillColor(MUTED)
        size, lines = _fit_lines(pdf_safe(card.host_organization), REGULAR, left_w, 18, 11, 2)
        _draw_lines(canvas, lines, REGULAR, size, centre, y - 2 * mm)

        top = height - margin
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, 13)
        title = "Rendez-vous" + (f" (suite {number}/{len(pages)})" if len(pages) > 1 else "")
        canvas.drawString(list_x, top - 13, title)
        font = min(14.0, row_h / mm * 1.9)
        slot_w = max(stringWidth(pdf_safe(s), BOLD, font) for s, _ in page_rows) + 6 * mm
        y = top - header
        for index, (slot, guest) in enumerate(page_rows):
            if index % 2 == 0:
                canvas.setFillColor(HexColor("#EFEFEF"))
                canvas.rect(list_x, y - row_h, list_w, row_h, stroke=0, fill=1)
            baseline = y - row_h / 2 - font * 0.35
            canvas.setFillColor(INK)
            canvas.setFont(BOLD, font)
            canvas.drawString(list_x + 2 * mm, baseline, pdf_safe(slot))
            name = pdf_safe(guest)
            canvas.setFont(REGULAR if name else "Helvetica-Oblique", font)
            if not name:
                canvas.setFillColor(MUTED)
                name = "libre"
            guest_w = list_w - slot_w - 2 * mm
            _, lines = _fit_lines(name, REGULAR, guest_w, font, font, 1)
            canvas.drawString(list_x + slot_w, baseline, lines[0])
            y -= row_h
        canvas.showPage()


def table_cards_pdf(cards: Sequence[TableCard]) -> bytes:
    """One A4 landscape page per host (more if the slot list overflows): table label, host, slots."""
    if not cards:
        raise ValueError("aucun chevalet de table à imprimer")
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, landscape(A4), "Chevalets de table")
    for card in cards:
        _table_card_pages(canvas, card)
    _save(canvas)
    return buffer.getvalue()
