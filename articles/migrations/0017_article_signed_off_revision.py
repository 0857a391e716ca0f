import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def record_sign_offs(apps, schema_editor):
    """Point each reviewed article at the version its last completed review approved.

    That is the version of its latest audit row that recorded a sign-off: the
    approval that completed a new article's review, or a published correction.
    """
    Article = apps.get_model("articles", "Article")
    ArticleStatusChange = apps.get_model("articles", "ArticleStatusChange")
    sign_offs = ArticleStatusChange.objects.filter(
        Q(action="approve", to_status="approved", is_correction=False) | Q(action="publish_correction"),
        article=OuterRef("pk"),
        revision__isnull=False,
    ).order_by("-created_at", "-pk")
    Article.objects.filter(last_reviewed_on__isnull=False).update(
        signed_off_revision=Subquery(sign_offs.values("revision")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_withdraw_from_review_action")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="signed_off_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The version the last completed medical review approved.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="articles.articlerevision",
            ),
        ),
        migrations.RunPython(record_sign_offs, migrations.RunPython.noop),
    ]
