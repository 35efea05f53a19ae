"""Fixtures for the account tests."""

import pytest


@pytest.fixture
def limits(app, monkeypatch):
    """Set rate limits for one test: ``limits(SETTING="2 per hour", ...)``; restored afterwards."""

    def _set(**settings):
        for name, value in settings.items():
            monkeypatch.setitem(app.config, name, value)

    return _set
