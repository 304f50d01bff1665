"""Settings that fail safe (issue 13, finding 12): no silent development key, no `testserver`
host, health-checked PostgreSQL connections, and polls that do not keep a session alive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

SHOW = ("import json, tochuc.settings as s; print(json.dumps({'hosts': s.ALLOWED_HOSTS, 'debug': s.DEBUG, "
        "'health': s.DATABASES['default'].get('CONN_HEALTH_CHECKS', False)}))")


def _settings_in_subprocess(tmp_path, **env):
    """Import tochuc.settings in a fresh interpreter with only ``env`` set (besides PATH)."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TOCHUC_DATA_DIR": str(tmp_path)} | env
    return subprocess.run([sys.executable, "-c", SHOW], env=clean, capture_output=True, text=True, timeout=60)


def test_refuses_to_start_outside_debug_without_a_secret_key(tmp_path):
    refused = _settings_in_subprocess(tmp_path)
    assert refused.returncode != 0
    assert "TOCHUC_SECRET_KEY" in refused.stderr and "ImproperlyConfigured" in refused.stderr
    # A developer's machine may still use the development key; a server sets its own.
    assert _settings_in_subprocess(tmp_path, TOCHUC_DEBUG="1").returncode == 0
    assert _settings_in_subprocess(tmp_path, TOCHUC_SECRET_KEY="k" * 50).returncode == 0


def test_console_script_says_why_it_refuses_without_a_traceback(tmp_path):
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TOCHUC_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "tochuc.cli", "check"], env=clean, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert "TOCHUC_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr


def test_testserver_is_not_an_allowed_host_by_default(tmp_path):
    shown = json.loads(_settings_in_subprocess(tmp_path, TOCHUC_SECRET_KEY="k" * 50).stdout)
    assert shown["hosts"] == ["127.0.0.1", "localhost"]


def test_postgresql_connections_are_health_checked(tmp_path):
    shown = json.loads(_settings_in_subprocess(tmp_path, TOCHUC_SECRET_KEY="k" * 50,
                                               DATABASE_URL="postgres://u@127.0.0.1:5432/x").stdout)
    assert shown["health"] is True


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.django_db
def test_polls_do_not_extend_the_idle_timeout(client, commune_clerk):
    client.force_login(commune_clerk)
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=10)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    poll = {"HX-Request": "true", "X-Tochuc-Poll": "1"}
    for _ in range(3):
        assert client.get("/", headers=poll).status_code == 200
    assert _expiry(client) == soon, "a poll pushed the session's expiry on"
    # A click (an htmx one too) is activity: the session is good for another 8 hours.
    assert client.get("/", headers={"HX-Request": "true"}).status_code == 200
    assert _expiry(client) > timezone.now() + timedelta(hours=7)


@pytest.mark.django_db
def test_an_expired_session_is_not_revived_by_a_poll(client, commune_clerk):
    client.force_login(commune_clerk)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/", headers={"HX-Request": "true", "X-Tochuc-Poll": "1"})
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
