# Hand-written: PostgreSQL extensions the public search needs. Both operations
# do nothing on other databases (SQLite in development).
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        # "Did you mean" suggestions use trigram similarity (pg_trgm).
        TrigramExtension(),
    ]
