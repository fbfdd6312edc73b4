"""A newcomer opens the home page, reads the programme and logs in."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.factories import EventFactory, ProgrammeItemFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.django_db(transaction=True)
def test_home_page_shows_programme_and_login_works(live_server, page):
    event = EventFactory(name="Rencontres ESS et Territoire", date=dt.date(2024, 11, 13))
    ProgrammeItemFactory(event=event, title="Matinée des Financements à Impact",
                         start=dt.datetime(2024, 11, 13, 8, 30, tzinfo=PARIS),
                         end=dt.datetime(2024, 11, 13, 13, 30, tzinfo=PARIS))
    UserFactory(username="camille", password="un-mot-de-passe-solide")

    page.goto(live_server.url + "/")
    assert "Rencontres ESS et Territoire" in page.inner_text("h1")
    assert "08:30" in page.inner_text("main")
    assert "Matinée des Financements à Impact" in page.inner_text("main")

    page.click("text=Se connecter")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "un-mot-de-passe-solide")
    page.click("button[type=submit]")
    assert "Se déconnecter (camille)" in page.inner_text("header")
