"""The agenda page prints on one A4 page, measured by printing it with Chromium and counting PDF pages."""

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest

from backend.events.models import ProgrammeItem
from tests.factories import PARIS, ParticipantFactory, ProgrammeItemFactory, RegistrationFactory
from tests.meeting_factories import MeetingBlockFactory, TableFactory, publish

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SITE_CSS = Path(__file__).resolve().parents[3] / "backend" / "core" / "static" / "core" / "site.css"
REASONS = ("Prêt d'honneur et microcrédit pour un projet d'alimentation durable en Hauts-de-Seine ; "
           "amorçage, 50 000 €, insertion par l'activité économique")


def pdf_pages(html: str) -> int:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    # The page's own stylesheet, inlined: the PDF is printed from the HTML alone.
    html = re.sub(r'<link rel="stylesheet"[^>]*>', f"<style>{SITE_CSS.read_text()}</style>", html)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.set_content(html)
            pdf = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent : impression non mesurable")
def test_full_host_agenda_prints_on_one_a4_page(client, day):
    for hour, title in [(8, "Accueil et café"), (9, "Plénière d'ouverture"), (14, "Cocktail de networking")]:
        ProgrammeItemFactory(event=day.event, kind=ProgrammeItem.Kind.PLENARY, title=title,
                             start=dt.datetime(2024, 11, 13, hour, tzinfo=PARIS),
                             end=dt.datetime(2024, 11, 13, hour, 45, tzinfo=PARIS))
    block = MeetingBlockFactory(item__event=day.event, item__title="Matinée des Financements à Impact", slots=14)
    table = TableFactory(block=block, label="12", host=day.funder)
    guests = []
    for _ in range(14):
        guest = ParticipantFactory(organization__name="Association pour l'insertion et l'alimentation durable")
        RegistrationFactory(event=day.event, participant=guest)
        guests.append(guest)
    publish(block, [(day.funder, guest, index, table, REASONS) for index, guest in enumerate(guests)])
    client.force_login(day.funder.user)

    html = client.get(f"/agenda/{day.event.slug}/").content.decode()

    assert html.count(REASONS.replace("'", "&#x27;")) == 14
    assert pdf_pages(html) == 1
