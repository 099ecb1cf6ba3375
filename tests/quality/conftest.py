import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_medians():
    """The period's medians are kept in the cache; each test starts without them."""
    cache.clear()
    yield
    cache.clear()
