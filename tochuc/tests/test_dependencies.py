"""Every runtime dependency pinned in pyproject.toml is imported by the code (issue 14.8): a
library declared but unused is a cost (installs, updates, audits) with nothing in return."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT.parent / "pyproject.toml"

#: Distribution name → the module it is imported as, where the two differ.
MODULE_OF = {"Django": "django", "django-ninja": "ninja", "django-htmx": "django_htmx",
             "django-tasks-db": "django_tasks_db", "dj-database-url": "dj_database_url",
             "psycopg[binary]": "psycopg", "argon2-cffi": "argon2", "python-docx": "docx",
             "vietnam-provinces": "vietnam_provinces"}
#: Used without an import statement of ours, each with where.
INDIRECT = {"argon2": "Django's Argon2PasswordHasher (settings.PASSWORD_HASHERS)",
            "psycopg": "Django's PostgreSQL backend (DATABASE_URL)",
            "django_tasks_db": "settings.TASKS backend and INSTALLED_APPS",
            "django_htmx": "settings.MIDDLEWARE and INSTALLED_APPS"}


def imported_modules() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def test_every_indirect_use_is_real():
    settings = (ROOT / "settings.py").read_text(encoding="utf-8")
    assert all(f'"{module}' in settings for module in INDIRECT if module != "argon2" and module != "psycopg")
    assert "Argon2PasswordHasher" in settings


def test_every_runtime_dependency_is_used():
    pins = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    names = [re.split(r"[=<>~!]", pin)[0].strip() for pin in pins]
    modules = imported_modules()
    unused = [name for name in names
              if (module := MODULE_OF.get(name, name.replace("-", "_").lower())) not in modules
              and module not in INDIRECT]
    assert not unused, f"declared in pyproject.toml but never imported: {unused}"
