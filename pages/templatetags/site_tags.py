from itertools import groupby
from urllib.parse import quote

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from healthsite import pagecache
from pages.context_processors import site_wide_values

register = template.Library()


@register.filter
def plain_blocks(text: str) -> SafeString:
    """Plain text as escaped HTML: blank lines separate paragraphs, "- " lines make lists."""
    html = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        for is_bullet, run in groupby(lines, key=lambda line: line.startswith("- ")):
            run = list(run)
            if is_bullet:
                items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in run)
                html.append(f"<ul>{items}</ul>")
            else:
                html.append("<p>" + "<br>".join(escape(line) for line in run) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 (all text above is escaped)


class SharedFragmentNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        return pagecache.page_fragment(request, self.name, lambda: self.nodelist.render(context))


@register.tag
def sharedfragment(parser, token):
    """``{% sharedfragment "name" %}…{% endsharedfragment %}``: part of a page that is the
    same for every reader, rendered once and kept until the page changes.

    Anything the part shows must come from lazy context (querysets, lazy objects),
    so that a kept copy costs no query; nothing personal may go inside.
    """
    try:
        _, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("sharedfragment takes one argument: a name") from None
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(name.strip("\"'"), nodelist)


@register.simple_tag(takes_context=True)
def pagination(context, page) -> SafeString:
    """``{% pagination page %}``: links to the pages before and after ``page`` (a
    paginator's page), keeping the search words (``query``) if there are any.

    Written here rather than as an included template: every list and every new
    search shows it, and an include cost several times more than the links.
    """
    if not page or not page.has_other_pages():
        return mark_safe("")
    query = context.get("query")
    # As the urlencode filter writes it; "&" is escaped because it sits in an attribute.
    before = f"q={quote(str(query), safe='/')}&" if query else ""
    link = '<li><a rel="{}" href="?{}page={}">{}</a></li>'
    links = []
    if page.has_previous():
        links.append(format_html(link, "prev", before, page.previous_page_number(), "Previous page"))
    links.append(
        format_html(
            '<li><span aria-current="page">Page {} of {}</span></li>', page.number, page.paginator.num_pages
        )
    )
    if page.has_next():
        links.append(format_html(link, "next", before, page.next_page_number(), "Next page"))
    return format_html(
        '<nav class="pagination" aria-label="Pages of results">\n  <ul>\n    {}\n  </ul>\n</nav>',
        mark_safe("\n    ".join(links)),  # noqa: S308 (each link is built with format_html)
    )


@register.simple_tag(takes_context=True)
def site_part(context, template_name: str) -> SafeString:
    """``{% site_part "includes/site_footer.html" %}``: a part of every page (the
    footer, the main menu) rendered once per process and reused until anything on
    the site changes.

    The part sees only ``site_wide_values()`` and ``current_view``, the name of the
    page's view (for ``aria-current``), never the page's own context: what it shows
    is the same for every reader of every page of that view. Rendering these on
    every page cost more than the rest of a page kept in the cache.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current_view = match.view_name if match else ""
    kept = pagecache.site_wide("site-parts", dict)
    key = (template_name, current_view, get_script_prefix(), settings.SITE_NAME)
    part = kept.get(key)
    if part is None:
        values = {**site_wide_values(), "current_view": current_view}
        # Escaped by the template engine as it renders.
        part = kept[key] = mark_safe(render_to_string(template_name, values).strip())  # noqa: S308
    return part
