from django.db import migrations

from tochuc.core.migration_ops import postgresql_only


class Migration(migrations.Migration):
    """Range scans on ``path`` need byte order (collation "C"): under a linguistic collation
    '~' may sort before digits and a subtree's upper bound would be wrong (DESIGN.md).
    Name search uses a trigram index so ``search_key LIKE '%term%'`` needs no full scan."""

    dependencies = [("orgs", "0001_initial")]

    operations = [
        postgresql_only(
            [
                'ALTER TABLE orgs_unitversion ALTER COLUMN path TYPE varchar(128) COLLATE "C"',
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS orgs_version_search_trgm ON orgs_unitversion USING gin (search_key gin_trgm_ops)",
            ],
            [
                "DROP INDEX IF EXISTS orgs_version_search_trgm",
                'ALTER TABLE orgs_unitversion ALTER COLUMN path TYPE varchar(128) COLLATE "default"',
            ],
        ),
    ]
