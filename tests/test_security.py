"""Security headers, CSRF, production settings and the health check."""

import pytest

from portal import create_app
from portal.config import ConfigError, load_config
from portal.security import safe_next_url


def test_security_headers_on_every_page(client):
    response = client.get("/en/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_in_pages(client):
    page = client.page("/en/sign-in")
    for script in page.soup.find_all("script"):
        assert script.get("src"), "inline script would be blocked by the CSP"


def test_forms_need_a_csrf_token(client):
    assert client.post("/en/forgotten-password", data={"email": "a@example.com"}).status_code == 400


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/en/account", "/en/account"), ("https://evil.example/", None), ("//evil.example", None),
     ("/\\evil.example", None), ("javascript:alert(1)", None), ("", None)],
)
def test_safe_next_url(target, expected):
    assert safe_next_url(target) == expected


def test_production_refuses_a_missing_or_development_secret(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/3")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        load_config("production")
    monkeypatch.setenv("SECRET_KEY", "development-only-secret-key-not-for-production")
    with pytest.raises(ConfigError):
        load_config("production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    config = load_config("production")
    assert config.SESSION_COOKIE_SECURE is True


def test_production_needs_a_database_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "y" * 48)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError):
        load_config("production")


def test_production_needs_shared_rate_limit_storage(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "y" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(ConfigError):
        load_config("production")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/3")
    assert load_config("production").RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/3"


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    broken = create_app("test", overrides={
        "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"
