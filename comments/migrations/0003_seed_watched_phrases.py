"""Starting list of watched phrases. Moderators edit it in the admin afterwards.

Hand-written: rows are only added when missing, so re-running never undoes a
moderator's change, and reversing leaves the list alone.
"""

from django.db import migrations

# (phrase, is regular expression, category, action, note)
PHRASES = [
    ("miracle cure", False, "misinformation", "hold", "Claims of a cure that medicine does not recognise."),
    (
        r"\b(cures?|cured) (cancer|diabetes|autism|dementia|ms|multiple sclerosis)\b",
        True,
        "misinformation",
        "hold",
        "Cure claims for serious long-term conditions.",
    ),
    (r"\bdoctors (don'?t|do not) want you to know\b", True, "misinformation", "hold", "Conspiracy framing."),
    ("big pharma", False, "misinformation", "flag", "Often, but not always, conspiracy talk."),
    ("plandemic", False, "misinformation", "hold", "Conspiracy theory."),
    (
        r"\b(government|they)( is| are|'re)? (covering|covers|covered|cover) (it|this|them) up\b",
        True,
        "misinformation",
        "flag",
        "Cover-up conspiracy phrasing.",
    ),
    (
        r"\bmercury (in|from) (your |my |old |amalgam |dental )*fillings\b",
        True,
        "misinformation",
        "flag",
        "Fillings blamed for nerve disease.",
    ),
    ("vaccines cause autism", False, "misinformation", "hold", "Disproven claim."),
    (
        r"\bstop taking (your |the |my |all |any )?(medication|medicines?|meds|tablets|pills|insulin)\b",
        True,
        "medical_advice",
        "hold",
        "Telling readers to stop treatment.",
    ),
    ("double your dose", False, "medical_advice", "hold", "Dosing advice."),
    (r"\bwithout (a )?prescription\b", True, "promotion", "block", "Selling prescription medicines."),
    (
        r"\b(buy|order|cheap|discount)\W+(\w+\W+){0,3}(pills|tablets|capsules|meds|medication|supplements?)\b",
        True,
        "promotion",
        "hold",
        "Selling medication or supplements.",
    ),
    ("buy now", False, "promotion", "hold", "Sales language."),
    (
        r"\b(whats ?app|telegram) (me|us)\b",
        True,
        "promotion",
        "hold",
        "Moving readers to private sales chats.",
    ),
    (
        r"(?<!\d)(\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)",
        True,
        "personal_data",
        "hold",
        "UK phone numbers.",
    ),
    (r"[\w.+-]+@[\w-]+\.[\w.-]+", True, "personal_data", "hold", "Email addresses."),
    (
        r"\b(kill|killing|hurt|hurting|harm|harming|cut|cutting) myself\b",
        True,
        "safeguarding",
        "hold",
        "Hurting oneself.",
    ),
    (r"\b(end|ending|take|taking) my (own )?life\b", True, "safeguarding", "hold", "Ending one's life."),
    (r"\b(want|wanted|going) to die\b", True, "safeguarding", "hold", "Wanting to die."),
    (r"\bsuicid(e|al)\b", True, "safeguarding", "hold", "Suicide or suicidal."),
    (r"\bself[- ]?harm", True, "safeguarding", "hold", "Self-harm."),
    ("no reason to live", False, "safeguarding", "hold", "Hopelessness."),
    ("better off without me", False, "safeguarding", "hold", "Hopelessness."),
    ("kill yourself", False, "abuse", "block", "Abuse aimed at another reader."),
    ("kys", False, "abuse", "block", "Short for 'kill yourself'."),
]


def seed(apps, schema_editor):
    WatchedPhrase = apps.get_model("comments", "WatchedPhrase")
    for phrase, is_pattern, category, action, note in PHRASES:
        WatchedPhrase.objects.get_or_create(
            phrase=phrase,
            is_pattern=is_pattern,
            defaults={"category": category, "action": action, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_commentreport_moderationlogentry_moderationsettings_and_more"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
