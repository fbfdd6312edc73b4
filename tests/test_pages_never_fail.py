"""Every page, reached with unknown ids or slugs, by an anonymous visitor or a participant, answers
a French page (200, a redirection to log in, 403 or 404), never a server error."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import PASSWORD, EventFactory, ParticipantFactory, RegistrationFactory

CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
SAMPLE = {"int": "999999", "slug": "inconnu", "str": "inconnu", "path": "inconnu"}


def _page_paths(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(("admin/", "api/")):
                continue
            yield from _page_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and not route.startswith("^"):
            yield "/" + CONVERTER.sub(lambda m: SAMPLE[m.group("kind") or "str"], prefix + route)


PATHS = sorted(set(_page_paths()))


def test_page_list_covers_every_app():
    assert any(p.startswith("/agenda/") for p in PATHS)
    assert any(p.startswith("/rendez-vous/") for p in PATHS)
    assert any("/accueil/" in p for p in PATHS)
    assert "/mon-inscription/" in PATHS


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_page_unknown_objects_never_server_error(client, path):
    event = EventFactory(slug="rencontres")
    participant = ParticipantFactory(role="project_holder")
    RegistrationFactory(event=event, participant=participant)

    anonymous = client.get(path)
    client.login(username=participant.user.username, password=PASSWORD)
    logged_in = client.get(path)
    posted = client.post(path, {"champ": "valeur"})

    for response in (anonymous, logged_in, posted):
        assert response.status_code in {200, 302, 400, 403, 404, 405}, (path, response.status_code)
