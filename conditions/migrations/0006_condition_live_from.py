"""Condition.live_from: when the first of a condition's articles went (or goes) live.

Readers see a condition once one of its articles is live. Asking the articles
each time costs a lookup per condition that grows with the number of articles;
the stored time costs one read of the conditions table.
"""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery

# Article.LIVE_STATUSES when this was written.
LIVE_STATUSES = ("published", "scheduled")


def fill_live_from(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Condition = apps.get_model("conditions", "Condition")
    first_go_live = (
        Article.conditions.through.objects.filter(condition=OuterRef("pk"), article__status__in=LIVE_STATUSES)
        .order_by()
        .values("condition")
        .annotate(first=Min("article__go_live_at"))
        .values("first")
    )
    Condition.objects.update(live_from=Subquery(first_go_live))


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0005_search_document_with_other_names"),
        ("articles", "0014_newest_links_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="condition",
            name="live_from",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(fill_live_from, migrations.RunPython.noop),
    ]
