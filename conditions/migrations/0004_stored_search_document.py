import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations

import healthsite.postgres


def fill_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite search matches words and never reads the document
    Condition = apps.get_model("conditions", "Condition")
    # The same document as conditions.models.condition_search_vector().
    Condition.objects.update(
        search_document=SearchVector("name", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0003_search_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="condition",
            name="condition_search_idx",
        ),
        migrations.AddField(
            model_name="condition",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="condition",
            index=healthsite.postgres.PostgresOnlyGinIndex(
                fields=["search_document"], name="condition_search_document_idx"
            ),
        ),
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop),
    ]
