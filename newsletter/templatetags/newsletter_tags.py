from django import template

from newsletter import subscriptions

register = template.Library()


@register.simple_tag
def newsletter_wording() -> str:
    """The consent words beside every sign-up button; each consent stores the version shown."""
    return subscriptions.WORDING
