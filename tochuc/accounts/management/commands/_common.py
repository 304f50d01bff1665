"""What the user_* commands share: finding the user, reading a password, reporting refusals."""

from __future__ import annotations

import getpass
from pathlib import Path

from django.core.management.base import CommandError

from tochuc.accounts.models import User


def user_named(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có người dùng «{username}».")
    return user


def password_from(password_file: str | None) -> str:
    """The first line of ``password_file``, or typed twice at the terminal."""
    if password_file:
        path = Path(password_file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {password_file}")
        lines = path.read_text(encoding="utf-8", errors="strict").splitlines()
        if not lines or not lines[0]:
            raise CommandError(f"Tệp {password_file} không có mật khẩu ở dòng đầu.")
        return lines[0]
    password = getpass.getpass("Mật khẩu mới: ")
    if password != getpass.getpass("Nhập lại mật khẩu mới: "):
        raise CommandError("Hai lần nhập mật khẩu không khớp.")
    return password


def refusal(exc: Exception) -> CommandError:
    return CommandError("; ".join(getattr(exc, "messages", None) or [str(exc)]))
