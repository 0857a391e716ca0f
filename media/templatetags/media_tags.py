"""Template tags for library pictures and documents.

``{% load media_tags %}``, then:

- ``{% picture image "card" %}``: the responsive picture alone (``<picture>``), for
  cards and lists; renders nothing for ``None``. Sizes: "hero", "inline", "card".
- ``{% figure image "hero" eager=True %}``: the picture with its caption and credit.
  ``eager`` for the one picture at the top of a page.
- ``{{ html|library_embeds }}``: sanitised article HTML with its ``[[image: …]]`` and
  ``[[document: …]]`` references drawn (``media.embed``).
- ``{% document_link document %}``: "Title (PDF, 240 KB)".
"""

from django import template

from media import embed, render

register = template.Library()


@register.simple_tag
def picture(image, size="inline", eager=False):
    return render.picture(image, size, eager=eager)


@register.simple_tag
def figure(image, size="inline", eager=False):
    return render.figure(image, size, eager=eager)


@register.simple_tag
def document_link(document):
    return render.document_link(document)


@register.filter
def library_embeds(html):
    return embed.expand(html)
