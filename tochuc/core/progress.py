"""Progress bars for long command-line work, on stderr so ``--json`` output stays clean."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

STAGE_LABELS = {
    "read": "Đọc tệp",
    "validate": "Kiểm tra",
    "write": "Ghi dữ liệu",
}


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """Yield a ``(stage, done, total)`` callback that drives one bar per stage."""
    if not enabled:
        yield lambda stage, done, total: None
        return
    console = Console(file=sys.stderr)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=False, disable=not console.is_terminal,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_(STAGE_LABELS.get(stage, stage)), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
