"""The database refuses a watched phrase whose category or action screening does not know.

Rows saved around the admin's checks are repaired first: a value that only
differs in case, spacing or by being the label ("Safeguarding concern", " HOLD")
becomes that choice; anything else becomes Misinformation and Hold for approval,
the phrase stays active, and its note says what was changed so a moderator can
check it. Reversing keeps the repaired values.
"""

from django.db import migrations, models

# The choices as they are at this migration (comments.models.Reason and
# WatchedPhrase.Action may change later).
CATEGORIES = {
    "misinformation": "Misinformation",
    "medical_advice": "Specific medical advice",
    "promotion": "Product promotion",
    "safeguarding": "Safeguarding concern",
    "personal_data": "Personal data",
    "abuse": "Abuse",
    "spam": "Spam",
}
ACTIONS = {"block": "Block", "hold": "Hold for approval", "flag": "Flag"}


def _known(value, choices, default):
    key = " ".join(str(value).split()).casefold()
    for choice, label in choices.items():
        if key in (choice, choice.replace("_", " "), label.casefold()):
            return choice
    return default


def repair(apps, schema_editor):
    WatchedPhrase = apps.get_model("comments", "WatchedPhrase")
    bad = WatchedPhrase.objects.exclude(category__in=CATEGORIES, action__in=ACTIONS)
    for phrase in bad:
        changes = []
        if phrase.category not in CATEGORIES:
            category = _known(phrase.category, CATEGORIES, "misinformation")
            changes.append(f"category {phrase.category!r} became {CATEGORIES[category]}")
            phrase.category = category
        if phrase.action not in ACTIONS:
            action = _known(phrase.action, ACTIONS, "hold")
            changes.append(f"action {phrase.action!r} became {ACTIONS[action]}")
            phrase.action = action
        note = f"Repaired: {'; '.join(changes)}. Please check."
        phrase.note = f"{note} {phrase.note}".strip()[:300]
        phrase.save(update_fields=["category", "action", "note"])


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0003_seed_watched_phrases'),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='watchedphrase',
            name='is_pattern',
            field=models.BooleanField(default=False, help_text='Treat the phrase as a regular expression (Python syntax), searched in the comment in lower case with curly quotes made straight. Each one may search a comment for a moment only: a pattern that takes longer holds the comment for a moderator.', verbose_name='regular expression'),
        ),
        migrations.AlterField(
            model_name='watchedphrase',
            name='phrase',
            field=models.CharField(help_text='Matched as whole words, ignoring case, extra spaces and invisible characters. A word ending in * matches any ending (detox* finds detoxing), and * alone stands for any one word.', max_length=1000),
        ),
        migrations.AddConstraint(
            model_name='watchedphrase',
            constraint=models.CheckConstraint(condition=models.Q(('category__in', ['misinformation', 'medical_advice', 'promotion', 'safeguarding', 'personal_data', 'abuse', 'spam'])), name='watched_phrase_category_is_a_reason'),
        ),
        migrations.AddConstraint(
            model_name='watchedphrase',
            constraint=models.CheckConstraint(condition=models.Q(('action__in', ['block', 'hold', 'flag'])), name='watched_phrase_action_is_known'),
        ),
    ]
