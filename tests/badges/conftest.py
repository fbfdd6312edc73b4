import pytest

import badges


@pytest.fixture(scope="session")
def event_key() -> str:
    return badges.generate_private_key()


@pytest.fixture(scope="session")
def other_key() -> str:
    return badges.generate_private_key()
