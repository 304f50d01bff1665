"""Set-based bulk writes (DESIGN.md invariant 5).

PostgreSQL gets COPY; SQLite gets one executemany in the caller's transaction. Both are an order
of magnitude faster than ``bulk_create`` (measured: 410 k / 295 k rows/s against 30–36 k).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model

CHUNK = 50_000


def table_columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    """Database column names of ``fields`` (``parent`` → ``parent_id``)."""
    return [model._meta.get_field(name).column for name in fields]


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Reserve ``count`` primary keys of ``model`` so rows can reference each other before insert.

    Call inside the transaction that inserts them. On SQLite the write lock is already held
    (transaction_mode IMMEDIATE), so MAX(id) cannot race; on PostgreSQL the sequence hands them out.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def bulk_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``) into ``model``'s table; returns the count."""
    table = model._meta.db_table
    columns = table_columns(model, fields)
    quoted = ", ".join(f'"{c}"' for c in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3 cursor: COPY is ~10× faster than INSERT
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" for _ in columns)})'
        raw = cursor.cursor  # sqlite3 cursor: Django's wrapper would re-format every row
        batch: list[Sequence[object]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                raw.executemany(sql, batch)
                written += len(batch)
                batch.clear()
        if batch:
            raw.executemany(sql, batch)
            written += len(batch)
    return written



def existing_values(model: type[Model], field: str, values: Sequence[object]) -> set:
    """Which of ``values`` already stand in ``model.field`` — for duplicate checks before a bulk
    write. One array query on PostgreSQL; raw chunked IN on SQLite (the ORM spends more time
    preparing a hundred thousand parameters than the database spends answering)."""
    if not values:
        return set()
    table = model._meta.db_table
    column = model._meta.get_field(field).column
    found: set = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" = ANY(%s)', [list(values)])
            return {row[0] for row in cursor.fetchall()}
        raw = cursor.cursor
        for start in range(0, len(values), 30_000):
            chunk = values[start : start + 30_000]
            raw.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IN ({",".join("?" * len(chunk))})', chunk)
            found.update(row[0] for row in raw.fetchall())
    return found
