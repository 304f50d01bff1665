import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tochuc.accounts.models import User
from tochuc.accounts.selectors import user_for_token
from tochuc.conftest import PASSWORD


def test_user_create_with_password_file_and_token(small_tree, tmp_path):
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("user_create", "ngocha", "--scope", "X00008", "--role", "clerk", "--password-file", str(secret),
                 stdout=out)
    user = User.objects.get(username="ngocha")
    assert user.check_password(PASSWORD) and user.role == "clerk"
    assert list(user.scope_units.values_list("code", flat=True)) == ["X00008"]
    token_out = io.StringIO()
    call_command("user_token", "ngocha", stdout=token_out)
    assert user_for_token(token_out.getvalue().strip()) == user


def test_user_create_refuses_unknown_scope_and_role(small_tree, tmp_path):
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    with pytest.raises(CommandError, match="NOPE"):
        call_command("user_create", "x", "--scope", "NOPE", "--role", "clerk", "--password-file", str(secret))
    with pytest.raises(CommandError):
        call_command("user_create", "x", "--scope", "T01", "--role", "boss", "--password-file", str(secret))
    assert not User.objects.filter(username="x").exists()


def test_user_token_for_unknown_user(db):
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("user_token", "ai-do")
