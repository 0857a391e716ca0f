"""How readable an article's text is: reading age, long sentences, jargon and structure.

Everything here reads the Markdown a writer typed, rendered and sanitised exactly
as readers get it (``articles.markdown.render_markdown``), so a raw-HTML table or
a heading written in HTML is judged like a Markdown one. Nothing here writes.

**Reading age** is the Flesch-Kincaid grade plus 5 (a US school grade is roughly
the reader's age minus 5, which is how NHS.UK states its target of 9 to 11).
Flesch-Kincaid rather than SMOG or Dale-Chall: SMOG needs 30 sentences, so it
says nothing about a single section, and Dale-Chall's word list is American
school vocabulary; Flesch-Kincaid works on any length, and its two inputs (words
per sentence and syllables per word) are the two things a writer can change.
Syllables are counted by textstat (the CMU pronouncing dictionary it ships, then
hyphenation rules for unknown words). Sentences are split here, not by textstat:
each bullet point, table cell and paragraph ends a sentence even without a full
stop, where textstat would run a list of symptoms into one very long sentence.
Headings are not scored (they are short and would flatter the text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings

from articles.markdown import render_markdown

LONG_SENTENCE_WORDS = 25
# Below this many words a reading age says more about chance than about the text.
MIN_WORDS_FOR_READING_AGE = 3
INTRODUCTION = "Introduction"

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# A sentence ends at . ! ? (with closing quotes or brackets) before a space and a
# capital, digit or opening quote; "e.g. a" does not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_URL_TEXT = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:(?://)?|www\.)\S+\s*$|^\s*\S+\.[a-z]{2,}/\S*\s*$", re.I)
VAGUE_LINK_TEXT = {
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "find out more",
    "learn more",
    "more info",
    "more information",
    "this link",
    "link",
    "this page",
    "this",
    "go",
}

_BLOCKS = {"p", "li", "td", "th", "dt", "dd", "caption", "blockquote", "pre"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


# --- Reading the rendered text --------------------------------------------------


@dataclass
class Block:
    kind: str  # a tag name: "p", "li", "h2", ...
    text: str = ""


@dataclass
class Link:
    text: str
    href: str


@dataclass
class Table:
    header_cells: list[str] = field(default_factory=list)
    has_header_row: bool = False
    rows: int = 0


class _Reader(HTMLParser):
    """Splits sanitised article HTML into text blocks, links and tables."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.tables: list[Table] = []
        self._open: list[Block] = []
        self._link: Link | None = None
        self._row_cells: list[tuple[str, str]] | None = None
        self._in_thead = False
        self._help_box_depth = 0
        self.help_boxes = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "aside" and "help-box" in (attributes.get("class") or ""):
            self.help_boxes += 1
        if tag in _BLOCKS or tag in _HEADINGS:
            # A nested block (a paragraph inside a list item) ends the text before it.
            self._close_text()
            self._open.append(Block(tag))
        elif tag == "br":
            self._data(" ")
        elif tag == "a":
            self._link = Link("", attributes.get("href") or "")
        elif tag == "table":
            self.tables.append(Table())
        elif tag == "thead":
            self._in_thead = True
        elif tag == "tr":
            self._row_cells = []

    def handle_endtag(self, tag):
        if tag in _BLOCKS or tag in _HEADINGS:
            if tag in ("td", "th") and self._row_cells is not None and self._open:
                self._row_cells.append((tag, self._open[-1].text))
            while self._open:
                block = self._open.pop()
                self._finish(block)
                if block.kind == tag:
                    break
        elif tag == "a" and self._link is not None:
            self._link.text = " ".join(self._link.text.split())
            self.links.append(self._link)
            self._link = None
        elif tag == "thead":
            self._in_thead = False
        elif tag == "tr" and self._row_cells is not None and self.tables:
            table = self.tables[-1]
            if table.rows == 0:
                table.header_cells = [text for _, text in self._row_cells]
                table.has_header_row = bool(self._row_cells) and all(
                    kind == "th" for kind, _ in self._row_cells
                )
            table.rows += 1
            self._row_cells = None

    def handle_data(self, data):
        self._data(data)

    def _data(self, data):
        if self._link is not None:
            self._link.text += data
        if self._open:
            self._open[-1].text += data
        elif data.strip():
            self._open.append(Block("p", data))  # loose text counts as a paragraph

    def _close_text(self):
        if self._open and self._open[-1].text.strip():
            block = self._open[-1]
            self._finish(Block(block.kind, block.text))
            block.text = ""

    def _finish(self, block: Block):
        text = " ".join(block.text.split())
        if text:
            self.blocks.append(Block(block.kind, text))

    def close(self):
        super().close()
        while self._open:
            self._finish(self._open.pop())


def read_html(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return reader


# --- Reading age ------------------------------------------------------------------


def words_in(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences_in(text: str) -> list[str]:
    """The sentences of one block of text (a paragraph, bullet point or cell)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if words_in(s)]


def _syllables(word: str) -> int:
    import textstat  # loads its pronouncing dictionary on first use

    if not any(ch.isalpha() for ch in word):
        return 1  # a number is read as about one syllable per figure group
    return max(1, textstat.syllable_count(word))


def reading_age_of_sentences(sentences: list[str]) -> float | None:
    """Flesch-Kincaid grade + 5 for these sentences; None when there are too few words to say."""
    words = [word for sentence in sentences for word in words_in(sentence)]
    if len(words) < MIN_WORDS_FOR_READING_AGE or not sentences:
        return None
    syllables = sum(_syllables(word) for word in words)
    grade = 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59
    # Below 5 (grade 0) the formula stops meaning anything: "very easy" is enough.
    return round(max(grade + 5, 5.0), 1)


@dataclass
class Section:
    title: str
    sentences: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(words_in(s)) for s in self.sentences)

    @property
    def reading_age(self) -> float | None:
        return reading_age_of_sentences(self.sentences)


def sections_of(reader: _Reader) -> list[Section]:
    """The text split at each ``##`` heading; text before the first is the introduction."""
    sections = [Section(INTRODUCTION)]
    for block in reader.blocks:
        if block.kind in ("h1", "h2"):
            sections.append(Section(block.text))
        elif block.kind not in _HEADINGS:
            sections[-1].sentences.extend(sentences_in(block.text))
    return [s for s in sections if s.sentences or s.title != INTRODUCTION]


def reading_age_of_markdown(body: str) -> float | None:
    """The reading age of a whole article body (Markdown); None if it is too short to measure."""
    reader = read_html(render_markdown(body))
    return reading_age_of_sentences([s for section in sections_of(reader) for s in section.sentences])


# --- Structure --------------------------------------------------------------------


# A "# Heading" line: the sanitiser drops <h1> (the title is the page's only one),
# so it is looked for in what the writer typed.
_TOP_HEADING = re.compile(r"^ {0,3}#[ \t]+(.+?)[ \t#]*$|<h1\b[^>]*>(.*?)</h1>", re.MULTILINE | re.IGNORECASE)


def structure_problems(reader: _Reader, body: str = "") -> list[str]:
    """What is wrong with the text's shape, each in a sentence a writer can act on."""
    problems = [
        f"“{' '.join((match.group(1) or match.group(2) or '').split())}” is a top-level heading (#). "
        "The title is the page's only one: use ## for sections."
        for match in _TOP_HEADING.finditer(body or "")
    ]
    level = 1  # the page title is the only level-1 heading
    for block in reader.blocks:
        if block.kind not in _HEADINGS:
            continue
        this = int(block.kind[1])
        if this > level + 1:
            problems.append(
                f"The heading “{block.text}” skips a level: it is level {this} straight after level {level}. "
                f"Use {'#' * (level + 1)} for it, or add the missing level above it."
            )
        level = this
    for link in reader.links:
        text = link.text.casefold().strip(" .:!?…")
        if not text:
            problems.append(f"A link to {link.href or 'nowhere'} has no text: say where it goes.")
        elif text in VAGUE_LINK_TEXT:
            problems.append(f"The link text “{link.text}” does not say where it goes: use the page's name.")
        elif _URL_TEXT.match(link.text):
            problems.append(f"The link text “{link.text}” is a web address: use the page's name instead.")
    for block in reader.blocks:
        letters = [ch for ch in block.text if ch.isalpha()]
        if (
            len(letters) >= 12
            and len(words_in(block.text)) >= 3
            and all(ch.isupper() for ch in letters if ch.isupper() or ch.islower())
            and any(ch.isupper() for ch in letters)
        ):
            problems.append(
                f"“{_clip(block.text)}” is written in capital letters, "
                "which is hard to read: use sentence case."
            )
    for number, table in enumerate(reader.tables, start=1):
        if not table.has_header_row or not any(cell.strip() for cell in table.header_cells):
            problems.append(f"Table {number} has no header row: give each column a heading in its first row.")
    return problems


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- Jargon -----------------------------------------------------------------------


@dataclass
class JargonHit:
    term: str
    plain: str
    count: int
    sections: list[str]


def _term_pattern(term: str) -> re.Pattern:
    words = [re.escape(word) for word in term.split()]
    # Whole words, any case, with a plural "s" or "es".
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?:e?s)?(?!\w)", re.IGNORECASE)


def find_jargon(sections: list[Section], terms) -> list[JargonHit]:
    """Each term of ``terms`` (``JargonTerm`` rows) used in the text, most used first."""
    hits = []
    for term in terms:
        if not term.term.strip():
            continue
        pattern = _term_pattern(term.term)
        count, where = 0, []
        for section in sections:
            found = sum(len(pattern.findall(s)) for s in section.sentences) + len(
                pattern.findall(section.title)
            )
            if found:
                count += found
                where.append(section.title)
        if count:
            hits.append(JargonHit(term.term, term.plain, count, where))
    return sorted(hits, key=lambda hit: (-hit.count, hit.term.casefold()))


# --- The whole report -------------------------------------------------------------


@dataclass
class LongSentence:
    text: str
    words: int
    section: str


@dataclass
class Report:
    """What the article page in the admin shows about one version's text."""

    reading_age: float | None
    target: tuple[int, int]
    sections: list[Section]
    long_sentences: list[LongSentence]
    jargon: list[JargonHit]
    problems: list[str]
    help_boxes: int
    headings: list[str]

    @property
    def is_within_target(self) -> bool:
        """At or below the top of the target: easier text never fails a reader."""
        return self.reading_age is None or self.reading_age <= self.target[1]

    @property
    def verdict(self) -> str:
        low, high = self.target
        if self.reading_age is None:
            return "too short to measure"
        if self.reading_age > high:
            return f"above the target of {low} to {high}"
        if self.reading_age < low:
            return f"easier than the target of {low} to {high}"
        return f"within the target of {low} to {high}"


def analyse(body: str, *, jargon_terms=()) -> Report:
    """Reading age (whole text and per section), long sentences, jargon and structure of ``body``."""
    reader = read_html(render_markdown(body))
    sections = sections_of(reader)
    long_sentences = sorted(
        (
            LongSentence(sentence, len(words_in(sentence)), section.title)
            for section in sections
            for sentence in section.sentences
            if len(words_in(sentence)) > LONG_SENTENCE_WORDS
        ),
        key=lambda s: -s.words,
    )
    return Report(
        reading_age=reading_age_of_sentences([s for section in sections for s in section.sentences]),
        target=tuple(settings.READING_AGE_TARGET),
        sections=sections,
        long_sentences=long_sentences,
        jargon=find_jargon(sections, jargon_terms),
        problems=structure_problems(reader, body),
        help_boxes=reader.help_boxes,
        headings=[block.text for block in reader.blocks if block.kind in _HEADINGS],
    )
