"""Load the demo content: categories, people, conditions, articles, comments and logins.

Safe to run any number of times: rows are matched by slug (or username) and only
created when missing, so nothing an editor changed is overwritten and no demo
password is ever reset.
"""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts import roles
from articles import demo_content
from articles.models import Article, Category, Contributor, Source
from comments.models import Comment
from conditions.models import Condition, ConditionAlias, ConditionSection

SAMPLE_NOTICE = (
    "> **Sample content.** This article was written to demonstrate this publishing software. "
    "It has not been clinically reviewed and is not medical advice.\n\n"
)

# username -> (role group or None, is_superuser)
DEMO_ACCOUNTS = {
    "admin": (None, True),
    "editor": (roles.EDITOR, False),
    "writer": (roles.WRITER, False),
    "reviewer": (roles.MEDICAL_REVIEWER, False),
    "reviewer2": (roles.MEDICAL_REVIEWER, False),
    "moderator": (roles.MODERATOR, False),
    "reader": (None, False),
    "reader2": (None, False),
}


class Command(BaseCommand):
    help = "Load the demo content and demo accounts (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            roles.sync_roles()
            new_passwords = self.load_accounts()
            self.load_categories()
            self.load_contributors()
            self.load_conditions()
            created = self.load_articles()
            self.load_comments()
            call_command("load_comment_demo", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new articles)."))
        if new_passwords:
            self.stdout.write("Demo accounts created. Passwords are shown only this once:")
            for username, password in new_passwords.items():
                self.stdout.write(f"  {username:<10} {password}")
        else:
            self.stdout.write(
                "Demo accounts already exist; their passwords were printed when they were created."
            )

    def load_accounts(self) -> dict[str, str]:
        User = get_user_model()
        new_passwords = {}
        for username, (role, is_superuser) in DEMO_ACCOUNTS.items():
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User(
                username=username,
                email=f"{username}@example.org",
                is_staff=bool(role) or is_superuser,
                is_superuser=is_superuser,
            )
            user.set_password(password)
            user.save()
            if role:
                user.groups.add(Group.objects.get(name=role))
            new_passwords[username] = password
        return new_passwords

    def load_categories(self) -> None:
        for row in demo_content.CATEGORIES:
            if Category.objects.filter(path=row["path"]).exists():
                continue
            parent_path, _, slug = row["path"].rpartition("/")
            Category.objects.create(
                name=row["name"],
                slug=slug,
                parent=Category.objects.get(path=parent_path) if parent_path else None,
                description=row["description"],
                position=row.get("position", 0),
            )

    def load_contributors(self) -> None:
        User = get_user_model()
        for row in demo_content.CONTRIBUTORS:
            Contributor.objects.get_or_create(
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "credentials": row["credentials"],
                    "bio": row["bio"],
                    "user": User.objects.filter(username=row["account"]).first() if row["account"] else None,
                },
            )

    def load_conditions(self) -> None:
        for row in demo_content.CONDITIONS:
            condition, created = Condition.objects.get_or_create(
                slug=row["slug"], defaults={"name": row["name"], "summary": row["summary"]}
            )
            if not created:
                continue
            ConditionAlias.objects.bulk_create(
                ConditionAlias(condition=condition, name=alias) for alias in row["aliases"]
            )
            ConditionSection.objects.bulk_create(
                ConditionSection(condition=condition, kind=kind, heading=heading, body=body, position=i)
                for i, (kind, heading, body) in enumerate(row["sections"])
            )
        for row in demo_content.CONDITIONS:
            condition = Condition.objects.get(slug=row["slug"])
            condition.related_conditions.add(*Condition.objects.filter(slug__in=row["related"]))

    def load_articles(self) -> int:
        now = timezone.now()
        today = timezone.localdate()
        created_count = 0
        for row in demo_content.ARTICLES:
            if Article.objects.filter(slug=row["slug"]).exists():
                continue
            go_live = now + timedelta(days=row["go_live_days"]) if row["go_live_days"] is not None else None
            reviewed = (
                today - timedelta(days=row["reviewed_days_ago"])
                if row["reviewed_days_ago"] is not None
                else None
            )
            article = Article(
                title=row["title"],
                slug=row["slug"],
                summary=row["summary"],
                body=SAMPLE_NOTICE + row["body"],
                category=Category.objects.get(path=row["category"]),
                medical_reviewer=Contributor.objects.get(slug=row["reviewer"]) if row["reviewer"] else None,
                is_featured=row.get("featured", False),
                go_live_at=go_live,
                last_reviewed_on=reviewed,
                next_review_due=reviewed + timedelta(days=365) if reviewed else None,
            )
            # Demo rows start life in the state the demo needs; real articles only
            # change state through the editorial workflow.
            article.status = row["status"]
            if row["status"] == Article.Status.PUBLISHED or (
                row["status"] == Article.Status.UNPUBLISHED and go_live
            ):
                article.published_at = go_live
            article.save()
            article.tags.add(*row["tags"])
            article.conditions.set(Condition.objects.filter(slug__in=row["conditions"]))
            article.authors.set(Contributor.objects.filter(slug__in=row["authors"]))
            Source.objects.bulk_create(
                Source(
                    article=article,
                    title=source["title"],
                    url=source["url"],
                    publisher=source["publisher"],
                    accessed_on=today - timedelta(days=source["accessed_days_ago"]),
                    position=i,
                )
                for i, source in enumerate(row["sources"])
            )
            created_count += 1
        return created_count

    def load_comments(self) -> None:
        User = get_user_model()
        for row in demo_content.COMMENTS:
            Comment.objects.get_or_create(
                article=Article.objects.get(slug=row["article"]),
                author=User.objects.get(username=row["reader"]),
                text=row["text"],
                defaults={"status": row["status"]},
            )
