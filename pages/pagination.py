from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.utils.functional import SimpleLazyObject, cached_property

# Lists page through at most this many items, newest first, so counting a long
# list costs the same however large the site grows. Older items are still
# reachable through search, tags, feeds and the sitemap.
MAX_LISTED = 5_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``MAX_LISTED``."""

    @cached_property
    def count(self) -> int:
        object_list = self.object_list
        if hasattr(object_list, "order_by"):
            # Unordered, so the database can stop counting at the cap.
            return object_list.order_by()[:MAX_LISTED].count()
        return min(len(object_list), MAX_LISTED)


def paginate(request, object_list, per_page: int) -> Page:
    """The page of ``object_list`` named by ``?page=``; 404 for a page that doesn't exist.

    ``?page=abc``, ``?page=0``, ``?page=-1`` or a page past the end answer 404
    rather than quietly showing another page under the wrong address.
    """
    paginator = CappedPaginator(object_list, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404("There is no such page of results.") from exc


def lazy_paginate(request, object_list, per_page: int) -> Page:
    """``paginate``, run only when the page is first used.

    For lists inside a shared fragment: a kept copy of the fragment then costs no
    query at all. A missing page still answers 404, raised while rendering.
    ``object_list`` may be a function returning the list, so that building the
    list (and any query that needs) waits too.
    """

    def build():
        items = object_list() if callable(object_list) else object_list
        return paginate(request, items, per_page)

    return SimpleLazyObject(build)


def requested_page_number(request) -> int:
    """The ``?page=`` number asked for (1 when absent or not a number), for the canonical link.

    Not checked against the list: a page that does not exist answers 404 anyway.
    """
    try:
        return max(int(request.GET.get("page") or 1), 1)
    except ValueError:
        return 1


def counted_page(rows: list, *, number: int, per_page: int, count: int) -> Page:
    """A page whose rows and the list's length were read together (with a window
    count, as search does), so the paginator need not count again."""
    return Page(rows, number, Paginator(range(count), per_page))
