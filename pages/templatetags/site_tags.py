from itertools import groupby

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
