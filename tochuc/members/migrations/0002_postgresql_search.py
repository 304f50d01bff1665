from django.db import migrations

from tochuc.core.migration_ops import postgresql_only


class Migration(migrations.Migration):
    """Name search over millions of members: a trigram index serves ``search_key LIKE '%x%'``."""

    dependencies = [("members", "0001_initial")]

    operations = [
        postgresql_only(
            [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS members_search_trgm ON members_member USING gin (search_key gin_trgm_ops)",
            ],
            ["DROP INDEX IF EXISTS members_search_trgm"],
        ),
    ]
