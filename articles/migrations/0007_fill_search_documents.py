from django.contrib.postgres.search import SearchVector
from django.db import migrations


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    Article.objects.update(
        search_document=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_stored_search_document")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
