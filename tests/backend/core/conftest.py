import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2 with production iterations costs ~0.5 s per password: too slow for tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
