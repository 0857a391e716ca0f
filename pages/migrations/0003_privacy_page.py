# Hand-written: the privacy notice the footer and every sign-up form link to.
# Editors rewrite it in the admin; an existing page with the same slug is left alone.
from django.db import migrations
from django.utils import timezone

PAGE = {
    "slug": "privacy",
    "title": "Privacy notice",
    "summary": "What we keep about you, why, for how long, and how to see, download or delete it.",
    "body": """We keep as little about you as we can, and only to run this site.

## If you just read the site

We do not use advertising or tracking cookies. To protect the site from abuse
we keep your network (IP) address for a short time when you log in, sign up or
post; it is deleted after a set number of days (30 unless we say otherwise here).

## If you sign up to the newsletter

We keep your email address, the topics and how often you chose, and a record of
your agreement: when you gave it, on which page, and the exact words next to the
sign-up button. Nothing is sent until you confirm by following the link we
email you. Every newsletter has a link to change your choices and a link to
unsubscribe at once. A sign-up that is never confirmed is deleted after 7 days.

## If you have an account

We keep your username, email address and password (stored scrambled, so nobody
can read it), your comments and the reports you make about other comments. Your
email address is never shown to other readers.

On your account page you can:

- change your email address and password;
- see your comments and whether they are published;
- choose your newsletter topics;
- download everything we hold about you as a file;
- delete your account. You choose whether your published comments are removed
  or kept, signed "a former reader".

When a moderator has acted on a comment, we keep a short record of the decision
(what was done and why) without your name, so we can show how the site is
moderated.

## Who sees your information

Only the people who run the site, and only when they need to. We do not sell or
share it. Emails are sent through our mail provider.

## Contact

To ask about your information, or to complain, please contact us. You can also
complain to the Information Commissioner's Office.
""",
}


def create_page(apps, schema_editor):
    from articles.markdown import render_markdown

    Page = apps.get_model("pages", "Page")
    if not Page.objects.filter(slug=PAGE["slug"]).exists():
        Page.objects.create(**PAGE, body_html=render_markdown(PAGE["body"]), updated_at=timezone.now())


def remove_page(apps, schema_editor):
    apps.get_model("pages", "Page").objects.filter(slug=PAGE["slug"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_default_pages"),
    ]

    operations = [
        migrations.RunPython(create_page, remove_page),
    ]
