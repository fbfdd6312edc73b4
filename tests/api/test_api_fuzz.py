"""Schemathesis reads our OpenAPI schema and throws generated requests at every operation,
anonymous and as an organizer: whatever the input, the API answers a clear error, never a 500."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error

from backend.wsgi import application
from tests.factories import EventFactory, ParticipantFactory, RegistrationFactory, UserFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
FUZZ = settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Schemathesis calls the WSGI app directly: like Django's test client, keep the test's
    connection (and its transaction) open across requests instead of closing it after each."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def organizer_token(db):
    organizer = UserFactory(username="organisatrice")
    event = EventFactory(slug="rencontres-ess-2024", organizers=[organizer])
    RegistrationFactory(event=event, participant=ParticipantFactory())
    return str(RefreshToken.for_user(organizer).access_token)


@schema.parametrize()
@FUZZ
def test_api_operation_anonymous_never_answers_server_error(case, db):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])


@schema.parametrize()
@FUZZ
def test_api_operation_as_organizer_never_answers_server_error(case, organizer_token):
    response = case.call(headers={"Authorization": f"Bearer {organizer_token}"})
    case.validate_response(response, checks=[not_a_server_error])
