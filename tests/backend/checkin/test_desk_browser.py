"""The desk page in Chromium: a USB scanner types the badge then Enter, the answer shows big."""

import os
import shutil

import pytest

from backend.checkin import services
from backend.checkin.models import CheckIn
from tests.factories import EventFactory, ParticipantFactory, RegistrationFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Playwright's sync API runs an event loop in the test thread; the ORM calls of the test are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page():
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium absent : installez le paquet Debian « chromium »")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        browser.close()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_desk_page_scanner_chain_shows_results_and_keeps_focus(live_server, page):
    event = EventFactory(name="Rencontres ESS et Territoire", slug="rencontres-2024")
    services.ensure_desk_account(event=event, username="accueil", password="rencontres-demo", desk_name="Accueil 1")
    registration = RegistrationFactory(event=event, participant=ParticipantFactory(
        user__first_name="Inès", user__last_name="Bakari", organization__name="BicyclAide"))
    badge = services.issue_badge(registration=registration)

    page.goto(live_server.url + "/connexion/?next=/evenements/rencontres-2024/accueil/")
    page.fill("#id_username", "accueil")
    page.fill("#id_password", "rencontres-demo")
    page.click("main button[type=submit]")
    page.wait_for_selector("#scan-input")
    assert page.evaluate("document.activeElement.id") == "scan-input"

    page.keyboard.type(badge.token)
    page.keyboard.press("Enter")
    page.wait_for_selector("#result.result-ok")
    shown = page.inner_text("#result")
    page.keyboard.type(badge.short_code.lower())  # typed by hand, still focused
    page.keyboard.press("Enter")
    page.wait_for_selector("#result.result-already_checked_in")
    page.keyboard.type("PAS-UN-BADGE")
    page.keyboard.press("Enter")
    page.wait_for_selector("#result.result-invalid")
    page.click("h1")
    page.wait_for_function("document.activeElement.id === 'scan-input'")
    page.wait_for_function("document.getElementById('total').textContent.trim() === '1'")

    assert "BIENVENUE" in shown.upper() and "Inès Bakari" in shown and "BicyclAide" in shown
    assert page.input_value("#scan-input") == ""
    assert CheckIn.objects.filter(event=event).count() == 1
    assert "Inès Bakari" in page.inner_text("#recent")
