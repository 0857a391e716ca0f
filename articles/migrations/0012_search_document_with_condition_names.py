from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite search matches words and never reads the document
    Article = apps.get_model("articles", "Article")

    def linked_conditions(name_field):
        links = Article.conditions.through.objects.filter(article=OuterRef("pk"))
        return Subquery(
            links.order_by().values("article").annotate(names=StringAgg(name_field, " ")).values("names")
        )

    # The same document as articles.models.article_search_vector() when written.
    Article.objects.update(
        search_document=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector(
            linked_conditions("condition__name"),
            linked_conditions("condition__aliases__name"),
            weight="B",
            config="english",
        )
        + SearchVector("body", weight="C", config="english")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_live_updated_index"),
        ("conditions", "0005_search_document_with_other_names"),
    ]

    operations = [migrations.RunPython(fill_search_documents, migrations.RunPython.noop)]
