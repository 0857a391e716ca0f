"""Telling the article from what surrounds it: disclosures, sign-up boxes, share bars and the like.

Saved pages and old posts carry blocks that belong to the old site, not to the
article: advertising and affiliate disclosures, "our promise" editorial-standards
blurbs, newsletter boxes, "latest / more / exclusive" link lists, share bars,
cookie banners, "was this helpful?" boxes and jump-link lists. Each is recognised
by its wording (the same rules for HTML blocks and plain-text paragraphs) and,
in HTML, also by the names a site gives its boxes (``class="newsletter"``).
What is taken out is always reported, never silently dropped.
"""

from __future__ import annotations

import re

# kind -> how the report names it
KINDS = {
    "advertising": "Advertising or affiliate disclosure",
    "advert": "Advertisement",
    "standards": "Editorial-standards note",
    "newsletter": "Newsletter sign-up box",
    "links": "List of links to other articles",
    "share": "Share buttons",
    "cookies": "Cookie banner",
    "feedback": "“Was this helpful?” box",
    "contents": "Jump-links list (the site makes its own contents list)",
    "byline": "Byline and dates (kept as the article's author and dates)",
}

_WORDING = {
    "advertising": re.compile(
        r"\b(?:advertis(?:ing|er|ement)s?\s+(?:disclosure|policy)"
        r"|affiliate\s+(?:links?|commissions?|disclosure|programs?|partners?)"
        r"|we\s+(?:may\s+)?(?:earn|receive|get)\s+(?:an?\s+)?(?:small\s+)?(?:commission|compensation|fee|share)"
        r"|(?:paid|sponsored)\s+(?:for|by|content|post|partnership|placement)"
        r"|this\s+(?:article|post|page|site)\s+(?:contains|may\s+contain|includes)\s+(?:affiliate|sponsored|paid)"
        r"|products?\s+we\s+(?:think|believe)\s+(?:are|is)\s+useful\s+for\s+our\s+readers)",
        re.I,
    ),
    "standards": re.compile(
        r"\b(?:our\s+(?:promise|pledge|editorial\s+(?:standards|policy|process|guidelines|team))"
        r"|editorial\s+(?:standards|policy|guidelines|integrity|independence)"
        r"|(?:medically|clinically)\s+reviewed\s+by\s+(?:our|a)\s+(?:team|board|network|panel)"
        r"|fact[-\s]checked\s+by\s+our"
        r"|how\s+we\s+(?:vet|review|write|choose|test|fact[-\s]check)"
        r"|we\s+(?:only\s+)?(?:use|cite|rely\s+on|link\s+to)\s+(?:high[-\s]quality|trusted|credible|peer[-\s]reviewed"
        r"|reputable|primary)\s+sources"
        r"|strict\s+(?:sourcing|editorial)\s+guidelines)",
        re.I,
    ),
    "newsletter": re.compile(
        r"\b(?:newsletters?\b|sign\s+(?:me\s+)?up\s+(?:for|to|now)|subscribe\s+(?:to|for|now|today)"
        r"|get\s+(?:our|the)\s+(?:free\s+)?(?:latest|daily|weekly|monthly)"
        r"|(?:delivered|straight|sent)\s+(?:straight\s+)?to\s+your\s+inbox"
        r"|enter\s+your\s+email|join\s+(?:our|\d[\d,]*\+?)\s+(?:mailing\s+list|readers|subscribers))",
        re.I,
    ),
    "cookies": re.compile(
        r"\b(?:we\s+use\s+cookies|(?:this|our)\s+(?:site|website)\s+uses\s+cookies|use\s+of\s+cookies"
        r"|cookie\s+(?:policy|settings|preferences|consent|notice)|accept\s+(?:all\s+)?cookies"
        r"|by\s+continuing\s+to\s+(?:browse|use)\s+(?:this|our|the)\s+(?:site|website))",
        re.I,
    ),
    "feedback": re.compile(
        r"^\s*(?:was\s+this\s+(?:page|article|information|post)\s+(?:helpful|useful)|did\s+you\s+find\s+this"
        r"\s+(?:helpful|useful)|rate\s+this\s+(?:article|page))\b",
        re.I,
    ),
}

# Words a share bar is made of; a block of nothing else is a share bar.
_SHARE_WORDS = (
    r"share(?:\s+(?:this|on|via|article|post|page|story))*|tweet|pin(?:\s+it)?|e-?mail|print|copy(?:\s+link)?"
    r"|facebook|twitter|x|pinterest|linkedin|whatsapp|reddit|flipboard|telegram|messenger|bluesky|threads"
    r"|save|link"
)
_SHARE = re.compile(rf"^(?:\s|[|•·,:/()+\-–—]|\d+|(?:{_SHARE_WORDS})\b)+$", re.I)
_SHARE_START = re.compile(r"^\s*share\b", re.I)

# Headings that introduce lists of links to other articles.
LINK_LIST_HEADING = re.compile(
    r"^\s*(?:latest(?:\s+(?:articles|news|stories|posts|from\b.*))?"
    r"|more(?:\s+(?:in|from|on|about|like\s+this|stories|articles|to\s+(?:read|explore)|for\s+you)\b.*)?"
    r"|read\s+(?:more|next|this\s+next)|up\s+next|related(?:\s+(?:articles|stories|posts|reading|content|news))?"
    r"|you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)|recommended(?:\s+(?:for\s+you|reading))?"
    r"|popular(?:\s+(?:now|articles|posts|stories))?|trending(?:\s+now)?|exclusives?(?:\s+.*)?"
    r"|editor'?s'?\s+picks|most\s+(?:read|popular|viewed)|top\s+stories|don'?t\s+miss|in\s+case\s+you\s+missed\s+it)"
    r"\s*:?\s*$",
    re.I,
)
CONTENTS_HEADING = re.compile(
    r"^\s*(?:in\s+this\s+(?:article|post|guide)|on\s+this\s+page|jump\s+to|contents)\s*:?\s*$", re.I
)

# Class and id words sites use for these boxes.
_CLASS_WORDS = {
    "advert": {
        "ad", "ads", "advert", "adverts", "advertisement", "adslot", "adsbygoogle", "dfp", "sponsor",
        "sponsored", "promo",
    },
    "advertising": {"disclosure", "disclaimer-affiliate", "affiliate"},
    "standards": {"promise", "our-promise", "editorial-standards", "trust", "factcheck", "fact-check"},
    "newsletter": {
        "newsletter", "signup", "subscribe", "subscription", "optin", "mailing-list", "mailinglist",
    },
    "share": {
        "share", "sharing", "social", "sharedaddy", "addthis", "sharethis", "social-share", "share-bar",
    },
    "cookies": {"cookie", "cookies", "consent", "gdpr", "cmp", "onetrust", "cookiebanner"},
    "links": {
        "related", "latest", "recommended", "popular", "trending", "exclusive", "read-next", "more-stories",
    },
    "feedback": {"feedback", "helpful"},
    "contents": {"toc", "table-of-contents", "jump-links"},
}  # fmt: skip


def words_of(*names: str) -> set[str]:
    """The words in class and id values: ``"ad-slot news_box"`` gives ad, slot, news, box and the wholes."""
    words = set()
    for name in names:
        for part in (name or "").lower().split():
            words.add(part)
            words.update(w for w in re.split(r"[-_]+", part) if w)
    return words


def kind_from_names(*names: str) -> str:
    """The kind of box a class or id names, or ""."""
    words = words_of(*names)
    for kind, markers in _CLASS_WORDS.items():
        if words & markers:
            return kind
    return ""


def kind_from_text(text: str) -> str:
    """The kind of non-article block ``text`` is, judged by its wording alone, or ""."""
    text = " ".join(text.split())
    if not text:
        return ""
    words = len(text.split())
    if words <= 3 and re.fullmatch(r"(?:advertisement|advert|sponsored|ad)\s*:?", text, re.I):
        return "advert"
    if (
        words <= 20
        and (_SHARE.match(text) and re.search(_SHARE_WORDS, text, re.I))
        and _looks_like_share(text)
    ):
        return "share"
    if words > 90:
        return ""
    for kind, pattern in _WORDING.items():
        if pattern.search(text):
            return kind
    return ""


def _looks_like_share(text: str) -> bool:
    networks = re.findall(
        r"\b(?:facebook|twitter|pinterest|linkedin|whatsapp|reddit|flipboard|telegram|e-?mail)\b", text, re.I
    )
    return bool(_SHARE_START.match(text)) or len(networks) >= 2


def describe(kind: str, text: str) -> str:
    """A report line for a removed block: its kind and the start of its text."""
    text = " ".join(text.split())
    excerpt = text if len(text) <= 90 else text[:89].rstrip() + "…"
    label = KINDS.get(kind, "Not part of the article")
    return f"{label}: “{excerpt}”" if excerpt else label
