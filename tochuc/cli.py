"""The ``tochuc`` console script: a thin layer over Django's management commands.

``tochuc org import FILE`` runs the command ``org_import``; ``tochuc init`` runs ``init``; any
other word falls through to Django (``tochuc migrate``, ``tochuc runserver`` …).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    if len(argv) >= 2 and f"{argv[0]}_{argv[1]}" in get_commands():
        argv = [f"{argv[0]}_{argv[1]}", *argv[2:]]
    execute_from_command_line(["tochuc", *argv])


if __name__ == "__main__":
    main()
