"""The app factory and configuration safety."""

from __future__ import annotations

import pytest

from core.config import ConfigError
from wsgi import create_app


def test_home_page_answers(client, member):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Find local groups" in response.data


def test_unknown_page_is_a_calm_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page and "requested URL" not in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"SECRET_KEY": ""}, "missing or a default"),
        ({"SECRET_KEY": "dev"}, "missing or a default"),
        ({"SECRET_KEY": "short-key"}, "shorter than"),
        ({"SECRET_KEY": "x" * 40, "DEBUG": True}, "debug is on"),
        ({"SECRET_KEY": "x" * 40}, "COMMONGROUND_TRUSTED_HOSTS is not set"),
        ({"SECRET_KEY": "x" * 40, "TRUSTED_HOSTS": " , "}, "COMMONGROUND_TRUSTED_HOSTS is not set"),
        ({"SECRET_KEY": "x" * 40, "TRUSTED_HOSTS": "a.org", "PUBLIC_URL": "http://a.org"}, "https"),
        ({"SECRET_KEY": "x" * 40, "TRUSTED_HOSTS": "a.org", "MAP_TILES": "http://t/{z}"}, "https"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, overrides, message):
    config = {"ENV": "production", "INSTANCE_DIR": str(tmp_path), **overrides}
    with pytest.raises(ConfigError, match=message):
        create_app(config)


def test_production_starts_with_a_strong_key(tmp_path):
    config = {"SECRET_KEY": "k" * 40, "TRUSTED_HOSTS": "directory.example.org, .example.net"}
    app = create_app({"ENV": "production", "INSTANCE_DIR": str(tmp_path), **config})
    assert app.config["TRUSTED_HOSTS"] == ["directory.example.org", ".example.net"]
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert not app.debug


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    first = create_app({"INSTANCE_DIR": str(tmp_path)})
    second = create_app({"INSTANCE_DIR": str(tmp_path)})
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
