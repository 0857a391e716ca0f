"""Give the demo a moderation queue worth looking at.

Posts a few comments through the real screening (so their reasons are genuine)
and a reader report. Safe to run again: nothing is added twice. Called by
``load_demo``; needs its articles and reader accounts.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from articles.models import Article
from comments import moderation
from comments.models import Comment, CommentReport, ModerationSettings

# (article slug, reader, text)
QUEUE_EXAMPLES = [
    (
        "neuromyotonia-explained",
        "reader2",
        "Big pharma will never admit it, but it's the mercury in your fillings that causes the twitching.\n"
        "Stop taking your medication and get the fillings out instead.",
    ),
    (
        "after-nerve-conduction-study-and-emg",
        "reader",
        "The needle part was over quickly for me. If you are worried about cost, big pharma is not involved: "
        "the test was free on the NHS.",
    ),
    (
        "neuromyotonia-explained",
        "reader2",
        "Happy to talk to anyone newly diagnosed, ring me on 07700 900123 any evening.",
    ),
]


class Command(BaseCommand):
    help = "Add demo comments that show the moderation queue (idempotent)."

    def handle(self, *args, **options):
        ModerationSettings.load()
        User = get_user_model()
        posted = 0
        for slug, username, text in QUEUE_EXAMPLES:
            article = Article.objects.filter(slug=slug).first()
            author = User.objects.filter(username=username).first()
            if article is None or author is None:
                continue
            if Comment.objects.filter(article=article, author=author, text=text).exists():
                continue
            try:
                moderation.post_comment(article=article, author=author, text=text)
                posted += 1
            except moderation.CommentRefused as refused:
                self.stderr.write(f"Demo comment not posted: {refused.message}")

        # A reader report on the flagged comment, so the queue shows one.
        flagged = Comment.objects.filter(text=QUEUE_EXAMPLES[1][2]).first()
        reporter = User.objects.filter(username="reader2").first()
        if flagged and reporter and flagged.is_visible:
            if not CommentReport.objects.filter(comment=flagged, reporter=reporter).exists():
                moderation.report_comment(
                    flagged,
                    by=reporter,
                    reason=CommentReport.Reason.MISINFORMATION,
                    details="Not sure this is right about costs.",
                )
        self.stdout.write(f"Moderation demo ready ({posted} new queue examples).")
