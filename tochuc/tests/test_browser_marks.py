"""`make test-fast` runs the suite with ``-m "not browser"``: a test that drives chromium without the
``browser`` marker would still run there (and fail on a machine without chromium), so every test
that uses a browser fixture (tochuc/conftest.py) must carry the marker."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

import pytest

#: The fixtures of tochuc/conftest.py that start chromium (``login`` through ``page``).
BROWSER_FIXTURES = frozenset({"browser", "page", "login"})


def unmarked_browser_tests(items: Iterable) -> list[str]:
    """Node ids of the tests that use a browser fixture without the ``browser`` marker."""
    return [item.nodeid for item in items
            if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))
            and item.get_closest_marker("browser") is None]


def _item(nodeid: str, fixtures: list[str], marked: bool) -> SimpleNamespace:
    return SimpleNamespace(nodeid=nodeid, fixturenames=fixtures,
                           get_closest_marker=lambda name: object() if marked and name == "browser" else None)


def test_the_check_catches_an_unmarked_browser_test():
    # Before trusting its silence on the suite: it finds an unmarked one, and only that one.
    items = [_item("a.py::test_page", ["db", "page"], marked=False),
             _item("b.py::test_login", ["login"], marked=True),
             _item("c.py::test_client", ["client", "live_server"], marked=False)]
    assert unmarked_browser_tests(items) == ["a.py::test_page"]


def test_every_collected_browser_test_is_marked(request: pytest.FixtureRequest):
    # The tests collected in this run (with -m "not browser", the marked ones are already gone).
    assert unmarked_browser_tests(request.session.items) == []
