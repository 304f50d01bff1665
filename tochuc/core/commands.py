"""What every file-import command does around its service: open, show progress, report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from tochuc.core.progress import progress_bar
from tochuc.core.tabular import ImportRejected

Result = TypeVar("Result")


def run_file_import(command: BaseCommand, file: str, run: Callable[[IO[bytes], Path, Callable], Result], *,
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
