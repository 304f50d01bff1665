"""What every file-import command does around its service: open, show progress, report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from tochuc.core.params import BadInput
from tochuc.core.progress import progress_bar
from tochuc.core.tabular import ImportRejected


def run_file_import[Result](command: BaseCommand, file: str, run: Callable[[IO[bytes], Path, Callable], Result], *,
                    show_progress: bool = True) -> Result:
    """Call ``run(stream, path, progress)``; a rejected file lists every problem on stderr and
    ends with exit code 1, nothing written."""
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {file}")
    try:
        with path.open("rb") as stream, progress_bar(show_progress) as progress:
            return run(stream, path, progress)
    except ImportRejected as rejected:
        for error in rejected.errors:
            command.stderr.write(str(error))
        raise CommandError(f"Tệp có {len(rejected.errors)} lỗi; không ghi dữ liệu nào.") from None
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None


def read_text_file(file: str) -> str:
    """A UTF-8 text file given on the command line, or a :class:`CommandError` that says what is
    wrong with it (missing, empty, not UTF-8, NUL bytes): never a traceback."""
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {file}")
    raw = path.read_bytes()
    if not raw.strip():
        raise CommandError(f"Tệp {file}: tệp rỗng.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"Tệp {file}: không phải văn bản UTF-8 (byte {exc.start}).") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CommandError(f"Tệp {file}, dòng {line}: chứa ký tự NUL (\\0), không được phép.")
    return text


def read_json_file(file: str):
    """A JSON document from a file, checked like a JSON request (depth, NUL, 64-bit integers)."""
    from tochuc.core.input_guard import check_json, json_too_deep

    text = read_text_file(file)
    if json_too_deep(text.encode()):
        raise CommandError(f"Tệp {file}: dữ liệu JSON lồng quá sâu.")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CommandError(f"Tệp {file}: không phải JSON hợp lệ (dòng {getattr(exc, 'lineno', '?')}, "
                           f"cột {getattr(exc, 'colno', '?')}).") from None
    try:
        check_json(data)
    except BadInput as exc:
        raise CommandError(f"Tệp {file}: {exc}") from None
    return data
