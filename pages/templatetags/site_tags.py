from itertools import groupby

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from healthsite import pagecache

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
        return pagecache.cached_fragment(
            self.name,
            request.path,
            lambda: self.nodelist.render(context),
            variant=pagecache.page_variant(request),
        )


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
