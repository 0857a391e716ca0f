# Hand-written: the four pages every article and the footer link to. Editors
# rewrite them in the admin; an existing page with the same slug is left alone.
from django.db import migrations
from django.utils import timezone

PAGES = [
    {
        "slug": "about",
        "title": "About us",
        "summary": "Who we are, who writes and checks our articles, and how the site is paid for.",
        "body": """We publish clear, practical health information for patients, families and carers.

## Who writes our articles

Our articles are written by health writers and journalists who work to our
[editorial policy](/pages/editorial-policy/). Every article is checked by a
medical reviewer, a qualified clinician, before it is published, and again at
least once a year.

## Who we are not

We are not a health service and cannot give personal medical advice. Please read
our [medical disclaimer](/pages/medical-disclaimer/).

## Contact us

If you spot a mistake, please tell us: we read every message and correct errors
quickly.
""",
    },
    {
        "slug": "editorial-policy",
        "title": "Editorial policy",
        "summary": "How we write, check, review and correct our health articles.",
        "body": """## Medical review

Nothing is published until a medical reviewer has checked it for clinical
accuracy. Each article shows who reviewed it and when, and when its next review
is due.

## Evidence

We base our articles on current clinical guidelines, systematic reviews and
information from recognised health organisations, and we list our sources on
every article.

## Plain English

We write for patients and carers, not for doctors. We explain medical words when
we have to use them.

## Independence

Advertisers and sponsors never see or influence our articles before they are
published. See our [advertising disclosure](/pages/advertising-disclosure/).

## Corrections

When we get something wrong we correct it promptly and update the article's
"Updated" date.
""",
    },
    {
        "slug": "advertising-disclosure",
        "title": "Advertising disclosure",
        "summary": "How advertising works on this site and how we keep it separate from our articles.",
        "body": """## Our promise

Our articles are never paid for, and advertisers have no say in what we write or
which products we mention.

## Advertising on the site

Any advertising is clearly labelled and kept apart from articles. We do not
accept adverts for products that make unproven health claims.

## Links

We do not earn money from links in our articles.
""",
    },
    {
        "slug": "medical-disclaimer",
        "title": "Medical disclaimer",
        "summary": "Our articles are general information and do not replace advice from your own doctor.",
        "body": """The information on this site is general information about health. It is not a
diagnosis and does not replace advice from your GP, pharmacist or another health
professional who knows your situation.

!!! emergency
    If you think you or someone else needs emergency help, call 999 or go to
    the nearest A&E.

!!! urgent
    If you need medical help quickly but it is not an emergency, call 111 or use
    your local urgent care service.

Reader comments are the views of their authors, not medical advice.
""",
    },
]


def create_pages(apps, schema_editor):
    from articles.markdown import render_markdown

    Page = apps.get_model("pages", "Page")
    for row in PAGES:
        if not Page.objects.filter(slug=row["slug"]).exists():
            Page.objects.create(**row, body_html=render_markdown(row["body"]), updated_at=timezone.now())


def remove_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    Page.objects.filter(slug__in=[row["slug"] for row in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_pages, remove_pages),
    ]
