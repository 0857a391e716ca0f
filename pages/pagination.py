from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404


def paginate(request, object_list, per_page: int) -> Page:
    """The page of ``object_list`` named by ``?page=``; 404 for a page that doesn't exist.

    ``?page=abc``, ``?page=0``, ``?page=-1`` or a page past the end answer 404
    rather than quietly showing another page under the wrong address.
    """
    paginator = Paginator(object_list, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404("There is no such page of results.") from exc
