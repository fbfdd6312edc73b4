"""The published timetable as a grid (slots x tables) and one sheet per host: CSV, XLSX, PDF.

openpyxl and reportlab are imported inside the functions: manage.py starts fast.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from backend.meetings import matching, selectors
from backend.meetings.models import Meeting, Slot, TimetableVersion

NO_TABLE = "Sans table"
SHEET_COLUMNS = ["Créneau", "Table", "Invité", "Organisation"]


@dataclass
class HostSheet:
    host: object
    table: str
    rows: list[tuple[str, Meeting | None]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return matching.label(self.host)

    @property
    def place(self) -> str:
        return self.table or "table attribuée créneau par créneau"

    def lines(self) -> list[tuple[str, str, str, str]]:
        """The sheet as text, one line per slot (SHEET_COLUMNS): "libre" when nobody comes."""
        return [(when, m.table.label if m and m.table else "", m.guest.display_name if m else "libre",
                 m.guest.organization.name if m and m.guest.organization_id else "") for when, m in self.rows]


class Grid:
    """One published version laid out: rows are slots, columns are tables (or hosts when no tables)."""

    def __init__(self, version: TimetableVersion):
        self.version = version
        self.block = version.block
        self.slots = list(self.block.slots.order_by("index"))
        self.meetings = list(selectors.version_meetings(version=version))
        tables = list(self.block.tables.order_by("id"))
        self.columns = [t.label for t in tables] or sorted({matching.label(m.host) for m in self.meetings})
        self.by_tables = bool(tables)
        self.cells: dict[tuple[int, str], Meeting] = {}
        for m in self.meetings:
            column = (m.table.label if m.table else NO_TABLE) if self.by_tables else matching.label(m.host)
            self.cells[(m.slot_id, column)] = m
        if self.by_tables and any(m.table is None for m in self.meetings):
            self.columns.append(NO_TABLE)

    def rows(self) -> list[tuple[Slot, list[Meeting | None]]]:
        return [(slot, [self.cells.get((slot.pk, c)) for c in self.columns]) for slot in self.slots]

    def cell_text(self, meeting: Meeting | None) -> str:
        if meeting is None:
            return ""
        if self.by_tables:
            return f"{matching.label(meeting.host)} / {matching.label(meeting.guest)}"
        return matching.label(meeting.guest)

    def host_sheets(self) -> list[HostSheet]:
        sheets: dict[int, HostSheet] = {}
        for m in self.meetings:
            sheets.setdefault(m.host_id, HostSheet(host=m.host, table=""))
        for sheet in sheets.values():
            mine = {m.slot_id: m for m in self.meetings if m.host_id == sheet.host.pk}
            tables = sorted({m.table.label for m in mine.values() if m.table})
            sheet.table = ", ".join(tables)
            sheet.rows = [(str(slot), mine.get(slot.pk)) for slot in self.slots]
        return sorted(sheets.values(), key=lambda s: (s.table or "~", s.label.casefold()))


def grid_csv(grid: Grid) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Créneau", *grid.columns])
    for slot, cells in grid.rows():
        writer.writerow([str(slot), *(grid.cell_text(m) for m in cells)])
    # A BOM so that Excel opens the accents right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(text: str, used: set[str]) -> str:
    base = "".join(c for c in text if c not in "[]:*?/\\")[:28] or "Hôte"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:25]} {n}", n + 1
    used.add(title)
    return title


def grid_xlsx(grid: Grid) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Grille"
    sheet.append(["Créneau", *grid.columns])
    for slot, cells in grid.rows():
        sheet.append([str(slot), *(grid.cell_text(m) for m in cells)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 13
    for index in range(2, len(grid.columns) + 2):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 32
    used = {"Grille"}
    for host_sheet in grid.host_sheets():
        page = book.create_sheet(_sheet_title(host_sheet.label, used))
        page.append([host_sheet.label])
        page.append([f"{grid.block.item.title} : {host_sheet.place}"])
        page.append(SHEET_COLUMNS)
        for line in host_sheet.lines():
            page.append(list(line))
        page["A1"].font = Font(bold=True, size=14)
        for cell in page[3]:
            cell.font = Font(bold=True)
        page.column_dimensions["A"].width, page.column_dimensions["C"].width = 13, 30
        page.column_dimensions["D"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def grid_pdf(grid: Grid) -> bytes:
    """Landscape A4: the grid first, then one page per host, to put on their table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=1 * cm, rightMargin=1 * cm,
                            topMargin=1 * cm, bottomMargin=1 * cm,
                            title=f"Planning : {grid.block.item.title} (version {grid.version.number})")
    grid_style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2ee")),
                  ("VALIGN", (0, 0), (-1, -1), "TOP")]
    story = [Paragraph(f"{grid.block.item.title} : planning version {grid.version.number}", styles["Title"])]
    # Wide grids are cut into pages of 8 columns, each repeating the slot column.
    for start in range(0, max(len(grid.columns), 1), 8):
        columns = grid.columns[start:start + 8]
        data = [["Créneau", *[Paragraph(c, small) for c in columns]]]
        for slot, cells in grid.rows():
            data.append([str(slot), *[Paragraph(grid.cell_text(m), small) for m in cells[start:start + 8]]])
        width = (landscape(A4)[0] - 2 * cm - 2.2 * cm) / max(len(columns), 1)
        story += [PdfTable(data, colWidths=[2.2 * cm] + [width] * len(columns), repeatRows=1, style=grid_style),
                  Spacer(1, 0.4 * cm)]
    for sheet in grid.host_sheets():
        story += [PageBreak(), Paragraph(sheet.label, styles["Title"]),
                  Paragraph(f"{grid.block.item.title} ; {sheet.place}", styles["Heading2"])]
        data = [SHEET_COLUMNS]
        for when, table, guest, organization in sheet.lines():
            data.append([when, table, Paragraph(guest, styles["BodyText"]), Paragraph(organization, styles["BodyText"])])
        story.append(PdfTable(data, colWidths=[3 * cm, 3 * cm, 8 * cm, 10 * cm], repeatRows=1, style=grid_style))
    doc.build(story)
    return buffer.getvalue()
