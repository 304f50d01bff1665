"""Settings for the test suite (pyproject's DJANGO_SETTINGS_MODULE): the real settings with a
secret key that is only for tests, since tochuc.settings refuses to start outside DEBUG without
one. Set in the environment, so the CLI subprocesses a test starts inherit it too."""

import os

os.environ.setdefault("TOCHUC_SECRET_KEY", "tochuc-tests-only-not-a-secret")

from tochuc.settings import *  # noqa: E402,F403

# Tests do not wait for the slowed-address pause (tests that check it replace the sleep).
TOCHUC_LOGIN_ADDRESS_DELAY_SECONDS = 0
