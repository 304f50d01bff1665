"""Fixtures shared by every app's tests: a small real-shaped tree and users at three levels."""

from __future__ import annotations

import io
import os
import shutil
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("tochuc", deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("tochuc")

PASSWORD = "mat-khau-thu-nghiem-2025"

SMALL_TREE_CSV = """code,name,kind,parent_code,valid_from,admin_code
TW,Ban Chấp hành Trung ương Đảng,central,,1930-02-03,
T01,Đảng bộ thành phố Hà Nội,province,TW,2025-07-01,01
T79,Đảng bộ Thành phố Hồ Chí Minh,province,TW,2025-07-01,79
X00004,Đảng bộ phường Ba Đình,commune,T01,2025-07-01,00004
X00008,Đảng bộ phường Ngọc Hà,commune,T01,2025-07-01,00008
X26734,Đảng bộ phường Sài Gòn,commune,T79,2025-07-01,26734
CB-BD-1,Chi bộ Khu phố 1,branch,X00004,2025-07-01,
CB-BD-2,Chi bộ Khu phố 2,branch,X00004,2025-07-01,
DBCS-BD,Đảng bộ Trường Đại học Ba Đình,grassroots_committee,X00004,2025-07-01,
CB-DH-1,Chi bộ Khoa Lịch sử,branch,DBCS-BD,2025-08-01,
CB-NH-1,Chi bộ Khu dân cư Ngọc Hà,branch,X00008,2025-07-01,
CB-SG-1,Chi bộ Khu phố Bến Nghé,branch,X26734,2025-07-01,
"""

TODAY = date(2026, 1, 15)


@pytest.fixture
def system():
    from tochuc.core.scope import system_scope

    return system_scope(TODAY)


@pytest.fixture
def small_tree(db):
    """TW → Hà Nội (Ba Đình, Ngọc Hà) and TP HCM (Sài Gòn) → branches; 12 units."""
    from tochuc.core.scope import system_scope
    from tochuc.orgs.services import units_import

    units_import(actor=None, scope=system_scope(TODAY), stream=io.StringIO(SMALL_TREE_CSV), source="test")
    return SMALL_TREE_CSV


def make_user(username: str, role: str, codes: list[str]):
    from tochuc.accounts.services import user_create
    from tochuc.core.scope import system_scope

    return user_create(actor=None, scope=system_scope(TODAY), username=username, password=PASSWORD, role=role,
                       scope_codes=codes)


@pytest.fixture
def national_admin(small_tree):
    return make_user("quantri", "administrator", ["TW"])


@pytest.fixture
def province_clerk(small_tree):
    return make_user("hanoi", "clerk", ["T01"])


@pytest.fixture
def commune_clerk(small_tree):
    return make_user("badinh", "clerk", ["X00004"])


@pytest.fixture
def other_province_clerk(small_tree):
    return make_user("saigon", "clerk", ["T79"])


@pytest.fixture
def as_user(client):
    """``as_user(user)``: the test client, logged in as ``user``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a GET through the API with a new token of ``user``."""
    from tochuc.accounts.services import api_token_create

    def make(user):
        token = api_token_create(actor=None, user=user)
        return lambda url: client.get(url, headers={"Authorization": f"Bearer {token}"})

    return make


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    """Background tasks run inline in tests (the worker path has its own test)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


# --- Browser tests: Playwright driving Debian's chromium (never a downloaded browser) -------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# Playwright's sync API runs an event loop in this thread; Django must still let the test
# (not the server) use the database from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    from tochuc.conftest import PASSWORD

    def as_user(username: str):
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("button.primary")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return as_user
