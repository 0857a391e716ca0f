"""Masking personal data in what readers type, before anything is stored.

Readers are asked not to share personal details, and some still do ("call me
on 07700 900123"). Phone numbers are found with ``phonenumbers`` (Google's
libphonenumber rules, read as UK numbers unless written with a country code),
and any other long run of digits (an NHS number, a number written oddly) is
masked too; email addresses by a pattern. The masked text is all that is kept.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

EMAIL_MASK = "[email address removed]"
PHONE_MASK = "[phone number removed]"

_EMAIL = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+\s*(?:@|\(at\)|\[at\]|\sat\s)\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\sdot\s)\s*[\w-]+)+",
    re.IGNORECASE,
)
# Seven or more digits, allowing the spaces, dots, dashes and brackets people write numbers with.
_DIGIT_RUN = re.compile(r"\+?\(?\d(?:[\s.()\-]{0,3}\d){6,}")


def mask_personal_data(text: str) -> str:
    """``text`` with email addresses and phone numbers (and other long numbers) replaced by a note."""
    # Full-width and other look-alike digits and signs become plain ones first.
    text = unicodedata.normalize("NFKC", text)
    text = _EMAIL.sub(EMAIL_MASK, text)
    found = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID)
    ]
    for start, end in reversed(found):
        text = text[:start] + PHONE_MASK + text[end:]
    return _DIGIT_RUN.sub(PHONE_MASK, text)
