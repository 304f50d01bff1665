"""`python -m tochuc.bench [--pg-url URL] [--only tree]`: run every benchmark on SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

SCENARIOS = ("tree", "members", "reorg", "congresses", "conferences", "meetings", "documents", "reports")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/tochuc")
    parser.add_argument("--only", choices=SCENARIOS, action="append")
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    failed = 0
    for scenario in args.only or SCENARIOS:
        targets = [("SQLite", None)] + (
            [] if args.skip_pg else [("PostgreSQL", args.pg_url.rsplit("/", 1)[0] + "/tochuc_bench")])
        for label, url in targets:
            with tempfile.TemporaryDirectory(prefix="tochuc-bench-") as data_dir:
                env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"TOCHUC_DATA_DIR": data_dir}
                if url:
                    _recreate_pg(url)
                    env["DATABASE_URL"] = url
                print(f"\n=== {scenario} — {label} ===", flush=True)
                done = subprocess.run([sys.executable, "-m", f"tochuc.bench.{scenario}"], env=env)
                failed |= done.returncode
    return failed


def _recreate_pg(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
