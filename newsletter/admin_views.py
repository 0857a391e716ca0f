"""Staff pages of the newsletter, wired into the admin by ``SubscriberAdmin`` and ``EditionAdmin``."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Category
from conditions.models import Condition
from newsletter import sending
from newsletter.models import Frequency, Subscriber

# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def subscribers_csv(subscribers) -> HttpResponse:
    """The given subscribers as a CSV download, one row each, topics joined with "; "."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="subscribers-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["email", "state", "frequency", "topics", "conditions", "signed up", "confirmed"])
    rows = subscribers.order_by("email").prefetch_related("categories", "conditions")
    for subscriber in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                _cell(subscriber.email),
                subscriber.get_status_display(),
                subscriber.get_frequency_display(),
                _cell("; ".join(c.full_name for c in subscriber.categories.all()) or "Every topic"),
                _cell("; ".join(c.name for c in subscriber.conditions.all())),
                subscriber.created_at.isoformat(),
                subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
            ]
        )
    return response


def subscribers_per_topic(request):
    """How many confirmed subscribers each topic and condition reaches."""
    if not request.user.has_perm("newsletter.view_subscriber"):
        raise PermissionDenied
    confirmed = Q(subscribers__status=Subscriber.Status.CONFIRMED)
    categories = Category.objects.annotate(count=Count("subscribers", filter=confirmed)).order_by("path")
    conditions = (
        Condition.objects.annotate(count=Count("subscribers", filter=confirmed))
        .filter(count__gt=0)
        .order_by("name")
    )
    everything = Subscriber.objects.confirmed().filter(categories=None, conditions=None).count()
    by_frequency = dict(
        Subscriber.objects.confirmed()
        .values_list("frequency")
        .annotate(n=Count("pk"))
        .values_list("frequency", "n")
    )
    context = {
        **admin.site.each_context(request),
        "title": "Newsletter subscribers per topic",
        "categories": categories,
        "conditions": conditions,
        "everything": everything,
        "by_frequency": [(label, by_frequency.get(value, 0)) for value, label in Frequency.choices],
        "total": Subscriber.objects.confirmed().count(),
        "opts": Subscriber._meta,
    }
    return TemplateResponse(request, "admin/newsletter/subscribers_per_topic.html", context)


def start_edition(request):
    """Send a digest now to every subscriber of one frequency (POST only, from the editions list)."""
    if not request.user.has_perm("newsletter.send_edition"):
        raise PermissionDenied
    target = reverse("admin:newsletter_edition_changelist")
    frequency = request.POST.get("frequency")
    if request.method != "POST" or frequency not in Frequency.values:
        messages.error(request, "Choose weekly or monthly subscribers.")
        return HttpResponseRedirect(target)
    edition = sending.start_edition(frequency=frequency, by=request.user)
    if edition is None:
        messages.error(request, "An edition was started at the same moment; nothing more was sent.")
    else:
        count = edition.deliveries.count()
        messages.success(
            request,
            f"{edition} started for {count} subscriber{'s' if count != 1 else ''}. "
            "Digests are sent in the background; this list shows the progress.",
        )
    return HttpResponseRedirect(target)
