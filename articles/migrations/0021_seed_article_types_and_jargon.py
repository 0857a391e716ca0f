"""Starter article types with their required sections, and a starter jargon list.

Editors change both in the admin afterwards. Rows an editor already made with the
same name are left alone.
"""

from django.db import migrations

WHEN_TO_GET_HELP = (
    "When to get * help\nWhen to see a GP\nWhen to see your GP\nWhen to see a doctor\n"
    "When to get * advice\nGetting help\nUrgent advice\nWhen to seek help"
)

# name -> (description, needs help box, needs condition, [(heading, other wordings)])
ARTICLE_TYPES = {
    "Condition guide": (
        "Explains one condition: what it is, its symptoms and causes, how it is found and treated.",
        True,
        True,
        [
            ("Symptoms", "What are the symptoms?\nSymptoms of *\nSigns and symptoms\nWhat does * feel like?"),
            ("Causes", "What causes it?\nWhat causes *\nCauses of *\nWhy does it happen?"),
            (
                "How it is diagnosed",
                "How is it diagnosed?\nHow is * diagnosed?\nDiagnosis\nGetting diagnosed\nTests",
            ),
            ("How it is treated", "How is it treated?\nHow is * treated?\nTreatment\nTreatments\nTreating *"),
            ("When to get help", WHEN_TO_GET_HELP),
        ],
    ),
    "Living with": (
        "Everyday life with a condition: managing symptoms, work, family and where to find support.",
        True,
        False,
        [
            (
                "Managing it day to day",
                "Day to day\nEveryday life\nLiving with *\nLooking after yourself\nSelf-care",
            ),
            ("Where to get support", "Support\nGetting support\nHelp and support\nSupport groups"),
            ("When to get help", WHEN_TO_GET_HELP),
        ],
    ),
    "Tests and treatments": (
        "What happens before, during and after a test, operation or medicine.",
        True,
        False,
        [
            ("What it is for", "Why it is done\nWhy you might need it\nWhat is it?\nWhat is * for?\nAbout *"),
            ("Before it starts", "Getting ready\nHow to prepare\nPreparing for *\nBefore the test\nBefore treatment"),
            ("What happens", "What happens during *\nDuring the test\nDuring treatment\nHow it is done"),
            ("Risks and side effects", "Side effects\nRisks\nPossible side effects\nAre there any risks?"),
            ("Afterwards", "After the test\nAfter treatment\nRecovery\nResults\nGetting your results"),
        ],
    ),
    "News": (
        "A short report on new research, guidance or services, and what it means for readers.",
        False,
        False,
        [("What this means for you", "What it means for you\nWhat does this mean for me?\nWhat should I do?")],
    ),
}

# term -> plain words, written for this list.
JARGON = {
    "acute": "sudden or short-lived",
    "adverse event": "harm or unwanted effect",
    "aetiology": "cause",
    "analgesic": "painkiller",
    "anti-inflammatory": "medicine that brings down swelling",
    "asymptomatic": "without symptoms",
    "benign": "not cancer; not harmful",
    "bilateral": "on both sides",
    "biopsy": "a small sample of tissue taken for testing",
    "cardiac": "to do with the heart",
    "chronic": "long-lasting",
    "comorbidity": "another condition you have at the same time",
    "contraindicated": "should not be used",
    "cutaneous": "of the skin",
    "dermatitis": "sore, red or itchy skin",
    "dyspnoea": "shortness of breath",
    "dysphagia": "difficulty swallowing",
    "efficacy": "how well it works",
    "electromyography": "a test of the electrical activity in muscles",
    "exacerbation": "flare-up; when symptoms get worse",
    "fasciculation": "muscle twitching",
    "haematoma": "a collection of blood under the skin, like a deep bruise",
    "haemorrhage": "bleeding",
    "hereditary": "passed down in families",
    "hypertension": "high blood pressure",
    "hypotension": "low blood pressure",
    "idiopathic": "no known cause",
    "immunosuppressant": "medicine that calms the immune system",
    "incidence": "how many new cases there are",
    "intravenous": "into a vein",
    "lesion": "an area of damage",
    "malignant": "cancer",
    "morbidity": "illness",
    "myalgia": "muscle pain",
    "neuropathy": "nerve damage",
    "oedema": "swelling caused by fluid",
    "oral": "by mouth",
    "paraesthesia": "pins and needles",
    "pathology": "the study of disease; what the disease does",
    "peripheral": "in the arms and legs, away from the centre of the body",
    "prognosis": "how the condition is likely to go",
    "prophylaxis": "treatment to prevent something",
    "pyrexia": "fever",
    "remission": "a time when symptoms ease or go away",
    "renal": "to do with the kidneys",
    "sequelae": "after-effects",
    "subcutaneous": "under the skin",
    "syncope": "fainting",
    "topical": "put on the skin",
    "tinnitus": "ringing or buzzing in the ears",
    "vertigo": "a spinning feeling",
    "neuromuscular": "to do with nerves and muscles",
}


def seed(apps, schema_editor):
    ArticleType = apps.get_model("articles", "ArticleType")
    RequiredSection = apps.get_model("articles", "RequiredSection")
    JargonTerm = apps.get_model("articles", "JargonTerm")
    for position, (name, (description, help_box, condition, sections)) in enumerate(ARTICLE_TYPES.items()):
        article_type, created = ArticleType.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "needs_help_box": help_box,
                "needs_condition": condition,
                "position": position,
            },
        )
        if created:
            RequiredSection.objects.bulk_create(
                RequiredSection(article_type=article_type, heading=heading, alternatives=other, position=i)
                for i, (heading, other) in enumerate(sections)
            )
    for term, plain in JARGON.items():
        JargonTerm.objects.get_or_create(term=term, defaults={"plain": plain})


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_quality_gates")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
