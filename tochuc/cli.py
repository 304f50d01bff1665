"""The ``tochuc`` console script: a thin layer over Django's management commands.

``tochuc org import FILE`` runs the command ``org_import`` (``org revert-last``: ``org_revert_last``);
``tochuc init`` runs ``init``; any other word falls through to Django (``tochuc migrate`` …).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line, get_commands

    try:
        django.setup()
    except ImproperlyConfigured as exc:  # e.g. no TOCHUC_SECRET_KEY outside DEBUG: say so, no traceback
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(1) from None
    if len(argv) >= 2 and (name := f"{argv[0]}_{argv[1]}".replace("-", "_")) in get_commands():
        argv = [name, *argv[2:]]  # `tochuc org revert-last` runs org_revert_last
    execute_from_command_line(["tochuc", *argv])


if __name__ == "__main__":
    main()
