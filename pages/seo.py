"""Structured data (schema.org JSON-LD) for search engines.

Built as Python dicts and serialised here, never assembled in templates, so the
output is always valid JSON and nothing in a title can end the ``<script>``.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from conditions.models import ConditionSection
from pages.brand import current_brand

# "<", ">" and "&" written as JSON escapes: "</script>" in a title stays text.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict | list) -> SafeString:
    """``data`` as JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return mark_safe(text)  # noqa: S308 (the characters that could end the script are escaped)


def website(request) -> dict:
    """``WebSite`` with the site search, so search engines can offer a search box."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": current_brand().name,
        "url": request.build_absolute_uri(reverse("articles:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": request.build_absolute_uri(reverse("articles:search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(request, crumbs: list[tuple[str, str]]) -> dict:
    """``BreadcrumbList`` for ``(name, url)`` pairs, from the site's root down."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": request.build_absolute_uri(url)}
            for i, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def _person(request, contributor) -> dict:
    person = {"@type": "Person", "name": contributor.name}
    if contributor.credentials:
        person["jobTitle"] = contributor.credentials
    if contributor.pk:
        person["url"] = request.build_absolute_uri(contributor.get_absolute_url())
    return person


def medical_web_page(request, article, *, authors, reviewers, conditions, modified=None) -> dict:
    """``MedicalWebPage`` for an article: authors, reviewers, review date and conditions.

    ``reviewedBy`` lists every medical reviewer whose approval counted (``reviewers``);
    ``dateModified`` is ``modified`` when given (the page history's latest date).
    """
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "url": request.build_absolute_uri(),
        "inLanguage": "en-GB",
        "dateModified": modified or article.updated_at,
        "author": [_person(request, author) for author in authors],
        "about": [
            {
                "@type": "MedicalCondition",
                "name": condition.name,
                "url": request.build_absolute_uri(condition.get_absolute_url()),
            }
            for condition in conditions
        ],
    }
    if article.first_published_at:  # the original date of an article first published elsewhere
        data["datePublished"] = article.first_published_at
    if article.last_reviewed_on:
        data["lastReviewed"] = article.last_reviewed_on
    if reviewers:
        data["reviewedBy"] = [_person(request, reviewer) for reviewer in reviewers]
    return data


def _bullets(body: str) -> list[str]:
    return [line.strip()[2:].strip() for line in body.splitlines() if line.strip().startswith("- ")]


def medical_condition(request, condition, *, aliases, sections) -> dict:
    """``MedicalCondition`` with other names, and symptoms and treatments from the sections' bullets."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalCondition",
        "name": condition.name,
        "description": condition.summary,
        "url": request.build_absolute_uri(condition.get_absolute_url()),
    }
    if aliases:
        data["alternateName"] = [alias.name for alias in aliases]
    symptoms = [
        {"@type": "MedicalSignOrSymptom", "name": item}
        for section in sections
        if section.kind == ConditionSection.Kind.SYMPTOMS
        for item in _bullets(section.body)
    ]
    treatments = [
        {"@type": "MedicalTherapy", "name": item}
        for section in sections
        if section.kind == ConditionSection.Kind.TREATMENT
        for item in _bullets(section.body)
    ]
    if symptoms:
        data["signOrSymptom"] = symptoms
    if treatments:
        data["possibleTreatment"] = treatments
    return data
