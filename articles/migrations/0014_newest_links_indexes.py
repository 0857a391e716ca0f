"""Indexes that list the articles of one condition or one tag, newest first.

The related articles of an article page count only the newest articles of each of
its conditions and tags (articles.views._shared_links); these indexes let the
database read just those links instead of every link of a popular condition.
Written as SQL: the tables belong to a many-to-many field and to django-taggit.
"""

from django.db import migrations

INDEXES = {
    "article_conditions_newest_idx": "articles_article_conditions (condition_id, article_id DESC)",
    "taggeditem_tag_newest_idx": "taggit_taggeditem (tag_id, content_type_id, object_id DESC)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_live_category_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}", f"DROP INDEX IF EXISTS {name}")
        for name, columns in INDEXES.items()
    ]
