"""Saved web pages: the article's text and what the page says about it.

trafilatura finds the main text and the metadata a page carries (title, author,
date, canonical address, site name, categories, tags). Before it runs, the
page's comment section is read and taken out (``imports.oldcomments``) and the
old site's boxes are taken out and listed (``imports.convert.remove_chrome``);
after it, the text becomes Markdown. Structured data (JSON-LD, ``<meta>``) is
read directly where trafilatura gives one value and a page has two (first
published and last updated dates), and for the breadcrumb.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from urllib.parse import urlsplit, urlunsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata

from articles.bylines import people_in_byline, split_byline
from imports import chrome, convert, dates, oldcomments
from imports.parsed import BadFile, ParsedArticle
from imports.textpage import breadcrumb as text_breadcrumb

_ARTICLE_TYPES = (
    "Article",
    "NewsArticle",
    "BlogPosting",
    "MedicalWebPage",
    "WebPage",
    "Report",
    "MedicalScholarlyArticle",
)
_TITLE_SUFFIX = re.compile(r"\s+(?:[|–—·:]|-)\s+[^|–—·:-]{2,60}$")
_MAX_TAGS = 30
_MAX_JSON = 200_000
_REVIEWER_WORDS = re.compile(r"\breviewed\s+by\b|\bfact[-\s]?checked\s+by\b", re.I)


def normal_url(url: str) -> str:
    """An address in one spelling: lower-case host, no fragment, no tracking parameters, no trailing slash."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not pair.lower().startswith(("utm_", "fbclid", "gclid"))
    )
    path = parts.path.rstrip("/") or ""
    netloc = parts.hostname.lower() + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _meta(root, *names: str) -> list[str]:
    values = []
    for name in names:
        for element in root.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]", n=name):
            value = (element.get("content") or "").strip()
            if value:
                values.append(value)
    return values


def _json_ld(root) -> list[dict]:
    """Every object in the page's JSON-LD blocks (``@graph`` flattened)."""
    objects = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        text = (script.text or "").strip()
        if not text or len(text) > _MAX_JSON:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        stack = [data]
        while stack and len(objects) < 200:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return objects


def _types(obj: dict) -> set[str]:
    value = obj.get("@type")
    return set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _json_ld_crumbs(objects: list[dict]) -> list[str]:
    for obj in objects:
        if "BreadcrumbList" not in _types(obj):
            continue
        items = obj.get("itemListElement")
        if not isinstance(items, list):
            continue
        ordered = sorted(
            (item for item in items if isinstance(item, dict)),
            key=lambda item: item.get("position") if isinstance(item.get("position"), int) else 0,
        )
        names = []
        for item in ordered:
            name = item.get("name")
            if not name and isinstance(item.get("item"), dict):
                name = item["item"].get("name")
            if isinstance(name, str) and name.strip():
                names.append(" ".join(name.split()))
        if names:
            return names
    return []


def _dom_crumbs(root) -> list[str]:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        names = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("aria-label"))))
        if "breadcrumb" not in names.lower():
            continue
        items = [convert.text_of(li) for li in element.iter("li")] or [
            convert.text_of(a) for a in element.iter("a")
        ]
        items = [item for item in items if item and item not in (">", "›", "»", "/")]
        if element.find(".//li") is None:
            # Links, then the current page as plain text: "Home > Health > Recovery".
            parts = text_breadcrumb(convert.text_of(element))
            if parts:
                items = parts
        if items:
            element.set("data-import-crumbs", "1")
            # "You are here: Home" is a label and the first crumb.
            items[0] = re.sub(r"^[^:]{1,30}:\s*", "", items[0]) if ":" in items[0][:31] else items[0]
            return [" ".join(item.split()).strip(" >›»/") for item in items if item.strip(" >›»/")]
    return []


_SITE_TITLE_WORDS = {"site-title", "site-name", "logo", "brand", "masthead", "site-branding"}


def _title(root, objects, metadata) -> str:
    """The article's title: its heading inside the article, else what the page's data says."""
    for h1 in root.xpath("//article//h1 | //main//h1 | //*[@itemprop='articleBody']/..//h1"):
        if not chrome.words_of(h1.get("class"), h1.get("id")) & _SITE_TITLE_WORDS and convert.text_of(h1):
            return convert.text_of(h1)
    for obj in objects:
        if (
            _types(obj) & set(_ARTICLE_TYPES)
            and isinstance(obj.get("headline"), str)
            and obj["headline"].strip()
        ):
            return " ".join(obj["headline"].split())
    for value in _meta(root, "og:title", "twitter:title"):
        return " ".join(value.split())
    for element in root.xpath(
        "//*[@itemprop='headline']"
        " | //*[contains(concat(' ', normalize-space(@class), ' '), ' entry-title ')]"
        " | //*[contains(concat(' ', normalize-space(@class), ' '), ' post-title ')]"
    ):
        if convert.text_of(element):
            return convert.text_of(element)
    if metadata is not None and metadata.title:
        return " ".join(metadata.title.split())
    for h1 in root.iter("h1"):
        if not chrome.words_of(h1.get("class"), h1.get("id")) & _SITE_TITLE_WORDS and convert.text_of(h1):
            return convert.text_of(h1)
    title = root.findtext(".//title") or ""
    return _TITLE_SUFFIX.sub("", " ".join(title.split()))


def _time_kind(time) -> str:
    """Whether a ``<time>`` on the page is the first-published or the last-updated date ("" if unsure)."""
    words = chrome.words_of(time.get("class"), time.get("itemprop"))
    if words & {"updated", "modified", "datemodified", "date-modified"}:
        return "updated"
    if words & {"published", "datepublished", "date-published", "entry-date", "post-date"}:
        return "published"
    previous = time.getprevious()
    before = (
        previous.tail
        if previous is not None
        else time.getparent().text
        if time.getparent() is not None
        else ""
    ) or ""
    return dates.which_date(before[-40:])


def _dates(root, objects, metadata, notes: list[str]):
    """``(first published, last updated)`` from structured data, then the byline's words."""
    published = updated = None

    def take(text: str, source: str, which: str):
        nonlocal published, updated
        value = dates.read_machine_date(text)
        if value is None:
            return
        what = "first published" if which == "published" else "last updated"
        if which == "published" and published is None:
            published = value
        elif which == "updated" and updated is None:
            updated = value
        else:
            return
        notes.append(f"“{text}” ({source}) read as {what} {dates.describe(value)}.")

    for obj in objects:
        if _types(obj) & set(_ARTICLE_TYPES):
            if isinstance(obj.get("datePublished"), str):
                take(obj["datePublished"], "datePublished in the page's data", "published")
            if isinstance(obj.get("dateModified"), str):
                take(obj["dateModified"], "dateModified in the page's data", "updated")
    for value in _meta(root, "article:published_time", "datePublished", "date", "dc.date", "DC.date.issued"):
        take(value, "the page's published date", "published")
    for value in _meta(root, "article:modified_time", "og:updated_time", "dateModified", "last-modified"):
        take(value, "the page's last-modified date", "updated")
    for time in root.iter("time"):
        machine = time.get("datetime")
        which = _time_kind(time)
        if machine and which:
            take(machine, f"a date on the page, “{convert.text_of(time)}”", which)
    # Words in the byline: "Updated on May 17, 2024".
    for element in root.iter("p", "div", "span", "li"):
        if published is not None and updated is not None:
            break
        if any(child.tag in ("p", "div") for child in element):
            continue
        text = convert.text_of(element)
        if not text or len(text) > 160 or not any(ch.isdigit() for ch in text):
            continue
        for read in dates.labelled_dates(text):
            which = read.which
            if which == "published" and published is None:
                published = read.value
                notes.append(read.note() + ".")
            elif which == "updated" and updated is None:
                updated = read.value
                notes.append(read.note() + ".")
    if published is None and metadata is not None and metadata.date:
        value = dates.read_machine_date(metadata.date)
        same_as_update = updated is not None and value is not None and value.date() == updated.date()
        if value is not None and not same_as_update:
            published = value
            notes.append(
                f"“{metadata.date}” (the date the extractor found on the page) read as first published "
                f"{dates.describe(value)}; check it."
            )
    return published, updated


def _authors(root, objects, metadata, notes: list[str]) -> list[str]:
    names: list[str] = []
    extras: list[str] = []
    for obj in objects:
        if _types(obj) & set(_ARTICLE_TYPES):
            for name in _names(obj.get("author")):
                found, more = split_byline(name)
                names += found
                extras += more
    if not names:
        for value in _meta(root, "author", "article:author", "dc.creator"):
            if not value.startswith("http"):
                found, more = split_byline(value)
                names += found
                extras += more
    if not names:
        for element in root.xpath(
            "//*[@rel='author' or @itemprop='author'"
            " or contains(concat(' ', normalize-space(@class), ' '), ' byline ')"
            " or contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
        ):
            found, _, more = people_in_byline(convert.text_of(element))
            if not found and not _REVIEWER_WORDS.search(convert.text_of(element)):
                found, more = split_byline(convert.text_of(element))
            names += found[:3]
            extras += more
            if names:
                break
    if not names:
        # "By Jane Doe" in a paragraph of its own near the top of the article.
        for element in _main_element(root).iter("p", "div", "span", "address"):
            text = convert.text_of(element)
            if element.find("p") is None and convert.is_byline(text):
                names, _, extras = people_in_byline(text)
                if names:
                    break
    if not names and metadata is not None and metadata.author:
        names, extras = split_byline(metadata.author.replace(";", " and "))
    if extras:
        notes.append(
            f"Byline also said “{', '.join(dict.fromkeys(extras))}”: credentials are not copied; "
            "an editor adds them to the contributor after checking."
        )
    for obj in objects:
        reviewers = _names(obj.get("reviewedBy")) if isinstance(obj, dict) else []
        if reviewers:
            notes.append(
                f"The old page named {', '.join(reviewers)} as medical reviewer: not carried over; "
                "the article is medically reviewed here."
            )
            break
    return list(dict.fromkeys(names))


def _tags(root, objects, metadata) -> list[str]:
    tags: list[str] = []
    tags += _meta(root, "article:tag")
    for obj in objects:
        if _types(obj) & set(_ARTICLE_TYPES):
            keywords = obj.get("keywords")
            if isinstance(keywords, str):
                tags += keywords.split(",")
            elif isinstance(keywords, list):
                tags += [k for k in keywords if isinstance(k, str)]
    tags += [
        convert.text_of(a)
        for a in root.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
    ]
    if metadata is not None and metadata.tags:
        tags += metadata.tags
    return clean_tags(tags)


def clean_tags(tags) -> list[str]:
    seen, out = set(), []
    for tag in tags:
        tag = " ".join(str(tag).split()).strip(" #,")[:100]
        if tag and tag.casefold() not in seen and any(ch.isalnum() for ch in tag):
            seen.add(tag.casefold())
            out.append(tag)
    return out[:_MAX_TAGS]


def _main_element(root):
    for xpath in ("//*[@itemprop='articleBody']", "//article", "//main", "//*[@role='main']", "//body"):
        found = root.xpath(xpath)
        if found:
            return found[0]
    return root


_STRUCTURE = ("p", "h1", "h2", "h3", "h4", "li", "table", "blockquote")


def _kept_enough(extracted, main) -> bool:
    """Whether the extractor kept most of the article: its text, and its paragraphs, headings and lists.

    On short pages trafilatura may fall back to flat text; the article element is
    then the better source.
    """
    if len(convert.text_of(extracted)) < 0.5 * len(convert.text_of(main)):
        return False
    blocks_in_main = sum(1 for element in main.iter(*_STRUCTURE) if convert.text_of(element))
    blocks_kept = sum(1 for element in extracted.iter(*_STRUCTURE) if convert.text_of(element))
    return blocks_in_main < 2 or blocks_kept >= 0.5 * blocks_in_main


def _without_layout(main):
    """A copy of the article element without the page's menus, header, footer, sidebars and forms."""
    main = copy.deepcopy(main)
    for element in list(main.iter("nav", "header", "footer", "aside", "form")):
        if element is not main and element.getparent() is not None:
            element.drop_tree()
    return main


def _layout_note(root, main, removed: list[str]) -> None:
    outside = [
        element.tag
        for element in root.iter("nav", "header", "footer", "aside")
        if main not in element.iterancestors()
        and element not in main.iterancestors()
        and convert.text_of(element)
    ]
    if outside:
        names = {"nav": "menus", "header": "page header", "footer": "page footer", "aside": "sidebars"}
        parts = [names[tag] for tag in dict.fromkeys(outside)]
        removed.append(f"The old site's {', '.join(parts)} (the page around the article)")


def read_html_page(text: str, *, source: str, name: str) -> ParsedArticle:
    """Read a saved web page. ``name`` is the file's name (the origin when the page has no address)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses an encoding declaration in a str
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise BadFile(f"Not readable as a web page ({exc}).") from exc
    if root is None or not convert.text_of(root):
        raise BadFile("The page has no text.")
    notes: list[str] = []
    removed: list[str] = []
    objects = _json_ld(root)
    try:
        metadata = extract_metadata(root)
    except Exception:  # noqa: BLE001 (a hostile page must not stop the import; the rest is read by hand)
        metadata = None

    canonical = ""
    for href in root.xpath("//link[@rel='canonical']/@href") + _meta(root, "og:url"):
        canonical = normal_url(href)
        if canonical:
            break
    site = next(iter(_meta(root, "og:site_name", "application-name")), "")
    if not site:
        for obj in objects:
            publisher = _names(obj.get("publisher")) if _types(obj) & set(_ARTICLE_TYPES) else []
            if publisher:
                site = publisher[0]
                break
    if not site and metadata is not None:
        site = metadata.sitename or ""
    if not site and canonical:
        site = (urlsplit(canonical).hostname or "").removeprefix("www.")

    title = _title(root, objects, metadata)
    if not title:
        raise BadFile("No title found on the page.")
    if site and title.endswith(site):
        title = _TITLE_SUFFIX.sub("", title)
    crumbs = _json_ld_crumbs(objects) or _dom_crumbs(root)
    categories = (
        []
        if crumbs
        else (
            _meta(root, "article:section")
            or (metadata.categories if metadata is not None and metadata.categories else [])
        )
    )
    if not crumbs and categories:
        crumbs = [categories[0]]
        notes.append(f"Category “{categories[0]}” taken from the page's section.")
    if crumbs and " ".join(crumbs[-1].split()).casefold() == " ".join(title.split()).casefold():
        crumbs = crumbs[:-1]  # the last crumb is often the page itself
    published, updated = _dates(root, objects, metadata, notes)
    authors = _authors(root, objects, metadata, notes)
    tags = _tags(root, objects, metadata)
    description = next(iter(_meta(root, "description", "og:description", "twitter:description")), "")
    anchors = convert.heading_anchors(root)

    comments, comment_notes, comment_count = oldcomments.from_html(root)
    notes.extend(comment_notes)
    if comment_count is not None and comment_count != len(comments):
        notes.append(f"The page said {comment_count} comment(s); {len(comments)} were found and read.")
    for element in root.xpath("//*[@data-import-crumbs]"):
        element.drop_tree()
    main = _main_element(root)
    _layout_note(root, main, removed)
    convert.remove_chrome(root, removed, protect=main)
    markers = convert.hostile_markers(main, inline_scripts=main.tag != "body")
    if markers:
        raise BadFile(convert.refusal(markers))
    sources = convert.take_sources(main, canonical)
    try:
        extracted = trafilatura.extract(
            root,
            url=canonical or None,
            output_format="html",
            include_links=True,
            include_formatting=True,
            include_tables=True,
            include_images=False,
            include_comments=False,
            deduplicate=False,
        )
    except Exception:  # noqa: BLE001 (fall back to the page's own article element below)
        extracted = None
    if extracted and not _kept_enough(lxml.html.document_fromstring(extracted), main):
        notes.append(
            "The extractor kept under half of the article's text or structure; the page's article "
            "element was used instead."
        )
        extracted = None
    if extracted:
        extracted_root = lxml.html.document_fromstring(extracted)
        body = extracted_root.find("body")
        converted = convert.html_to_markdown(
            body if body is not None else extracted_root,
            base_url=canonical,
            title=title,
            heading_ids=anchors,
        )
    else:
        notes.append("The extractor found no main text; the page's article element was used instead.")
        converted = convert.html_to_markdown(
            _without_layout(main), base_url=canonical, title=title, heading_ids=anchors
        )
    removed.extend(converted.removed)
    notes.extend(converted.notes)
    sources.extend(converted.sources)
    if sources:
        notes.append(f"{len(sources)} source(s) moved from the text to the article's list of sources.")
    if not converted.markdown.strip():
        raise BadFile("No article text found on the page.")

    summary, summary_from = "", ""
    if description and not chrome.kind_from_text(description):
        summary, summary_from = convert.summary_from(description, 500), "the page's description"
    elif converted.first_paragraph:
        summary, summary_from = convert.summary_from(converted.first_paragraph), "the first paragraph"

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return ParsedArticle(
        source=source,
        key=f"url:{canonical}" if canonical else f"file:{name}:{digest}",
        kind="html",
        title=title[:200],
        body=converted.markdown,
        summary=summary,
        summary_from=summary_from,
        crumbs=crumbs,
        tags=tags,
        authors=authors,
        origin=canonical or name,
        origin_url=canonical,
        origin_site=site[:200],
        published_at=published,
        updated_at=updated,
        sections=converted.sections,
        removed=list(dict.fromkeys(removed)),
        notes=notes,
        comments=comments,
        sources=sources,
    )
