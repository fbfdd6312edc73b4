"""Shared fixtures. Each area adds its own conftest in its folder."""

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need a real server: skipped, with the reason, on the SQLite default."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="test de concurrence : lancez avec DATABASE_URL=postgres://... (voir .ci/run)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    """Tests do not run collectstatic: serve app static files directly, without the hashed manifest."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories set passwords on many users; the production hasher costs about a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
