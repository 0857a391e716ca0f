"""Site-wide request guards that belong to no app."""

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest


class AdminRequestGuardMiddleware:
    """Answer 400 to admin requests the admin itself would turn into a server error.

    - A NUL character in the query string: the admin's lists, filters and
      autocomplete put query-string values straight into database lookups, and
      PostgreSQL refuses text containing NUL.
    - An action posted for objects whose ids are not ids at all, or out of the
      database's range (a tampered form): the admin filters by them unchecked.

    The public site cleans its own parameters and is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        if request.path.startswith(self.prefix) and "\x00" in _query_text(request):
            return _bad_request(
                "This address contains a null character, which cannot be searched for. "
                "Remove it and try again."
            )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The admin marks each of its model views with the ModelAdmin behind it.
        model_admin = getattr(view_func, "model_admin", None)
        if model_admin is None or request.method != "POST" or ACTION_CHECKBOX_NAME not in request.POST:
            return None
        key = model_admin.model._meta.pk
        for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
            try:
                key.run_validators(key.to_python(value))
            except ValidationError:
                return _bad_request(
                    "The selected items could not be found. Go back, reload the list and try again."
                )
        return None


def _query_text(request) -> str:
    return "".join(key + "".join(values) for key, values in request.GET.lists())


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
