"""An imported participant, created without a password, chooses one from the e-mailed link."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory


@pytest.mark.django_db
def test_password_reset_imported_account_can_choose_password_and_log_in(client):
    user = UserFactory(username="camille.martin", email="camille@exemple.fr", password=None)
    user.set_unusable_password()
    user.save()

    response = client.post("/mot-de-passe/", {"email": "camille@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Rencontres ESS : choisir votre mot de passe"
    link = re.search(r"https?://[^/]+(/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)

    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": "Un-vrai-secret-92", "new_password2": "Un-vrai-secret-92"})
    assert response.status_code == 302

    assert client.login(username="camille.martin", password="Un-vrai-secret-92")


@pytest.mark.django_db
def test_password_reset_unknown_email_sends_nothing(client):
    response = client.post("/mot-de-passe/", {"email": "personne@exemple.fr"})
    assert response.status_code == 302
    assert mail.outbox == []
