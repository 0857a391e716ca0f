"""Site-wide request guards that belong to no app."""

from django.conf import settings
from django.http import HttpResponseBadRequest


class AdminNulGuardMiddleware:
    """Answer 400 to an admin request whose query string holds a NUL character.

    The admin's lists, filters and autocomplete put query-string values straight
    into database lookups, and PostgreSQL refuses text containing NUL: without
    this, ``?status__exact=%00`` would be a server error rather than a bad request.
    The public site cleans its own parameters and is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        if request.path.startswith(self.prefix) and "\x00" in _query_text(request):
            return HttpResponseBadRequest(
                "This address contains a null character, which cannot be searched for. "
                "Remove it and try again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _query_text(request) -> str:
    return "".join(key + "".join(values) for key, values in request.GET.lists())
