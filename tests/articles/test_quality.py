"""Reading age, long sentences, jargon and structure checks on known texts."""

import pytest

from articles import quality
from articles.models import JargonTerm, RequiredSection

PLAIN = (
    "Cramp is a sudden pain in a muscle. It often comes at night. "
    "Stretch the leg and rub it. The pain goes in a few minutes. "
    "Drink some water in the day. See a GP if it keeps coming back."
)
CLINICAL = (
    "Neuromyotonia is an acquired peripheral nerve hyperexcitability syndrome characterised by "
    "spontaneous continuous muscle fibre activity originating from autoimmune antibody-mediated "
    "dysfunction of voltage-gated potassium channel complexes. Electrophysiological investigation "
    "demonstrates characteristic myokymic discharges, and immunomodulatory therapies including "
    "intravenous immunoglobulin or plasma exchange may ameliorate symptomatology considerably."
)


def test_short_plain_sentences_score_low_and_dense_clinical_prose_high():
    plain, clinical = quality.reading_age_of_markdown(PLAIN), quality.reading_age_of_markdown(CLINICAL)
    assert plain <= 9
    assert clinical >= 18
    assert quality.analyse(PLAIN).is_within_target
    report = quality.analyse(CLINICAL)
    assert not report.is_within_target
    assert "above the target of 9 to 11" in report.verdict


def test_reading_age_target_comes_from_settings(settings):
    settings.READING_AGE_TARGET = (12, 14)
    assert quality.analyse(PLAIN).verdict == "easier than the target of 12 to 14"


def test_a_bullet_list_is_read_as_short_sentences_not_one_long_one():
    body = "## Symptoms\n\n" + "\n".join(f"- a sore leg at night {n}" for n in range(30))
    report = quality.analyse(body)
    assert report.long_sentences == []
    assert report.reading_age < 11


def test_reading_age_is_given_per_section_and_headings_are_not_scored():
    report = quality.analyse(f"{PLAIN}\n\n## What the specialist says\n\n{CLINICAL}")
    sections = {section.title: section.reading_age for section in report.sections}
    assert list(sections) == ["Introduction", "What the specialist says"]
    assert sections["Introduction"] < 9 < 18 < sections["What the specialist says"]


@pytest.mark.parametrize("body", ["", "   ", "## Only a heading", "Yes.", "<script>alert(1)</script>"])
def test_text_too_short_to_measure_has_no_reading_age_and_does_not_fail(body):
    report = quality.analyse(body)
    assert report.reading_age is None
    assert report.is_within_target
    assert report.verdict == "too short to measure"


def test_sentences_over_25_words_are_listed_longest_first_with_their_section():
    long_one = " ".join(["Word"] * 30) + "."
    longer = " ".join(["another"] * 40) + "."
    report = quality.analyse(f"Short one. {long_one}\n\n## Later\n\n{longer} Also short.")
    assert [(s.words, s.section) for s in report.long_sentences] == [(40, "Later"), (30, "Introduction")]
    assert quality.analyse(" ".join(["word"] * 25) + ".").long_sentences == []


@pytest.mark.django_db
def test_jargon_from_the_seeded_list_is_found_as_whole_words_in_any_case_with_plain_words():
    assert JargonTerm.objects.count() >= 50
    body = (
        "## Aches\n\nMYALGIA is common. Myalgias come and go. The cause is idiopathic.\n\n"
        "No jargon: myalgiax."
    )
    hits = {hit.term: hit for hit in quality.analyse(body, jargon_terms=JargonTerm.objects.all()).jargon}
    assert set(hits) == {"myalgia", "idiopathic"}
    assert hits["myalgia"].count == 2
    assert hits["myalgia"].plain == "muscle pain"
    assert hits["idiopathic"].plain == "no known cause"
    assert hits["myalgia"].sections == ["Aches"]


@pytest.mark.django_db
def test_jargon_terms_with_regular_expression_characters_are_matched_literally():
    JargonTerm.objects.create(term="C++ (x)", plain="odd")
    report = quality.analyse("Nothing here matches.", jargon_terms=JargonTerm.objects.all())
    assert report.jargon == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("## One\n\ntext\n\n#### Three\n\ntext", "skips a level"),
        ("### Starts too deep\n\ntext", "skips a level"),
        ("# Second title\n\ntext", "top-level heading"),
        ("Read [click here](https://example.org/a).", "does not say where it goes"),
        ("[Read more](https://example.org/a)", "does not say where it goes"),
        ("See [https://example.org/guide](https://example.org/guide).", "is a web address"),
        ("See <https://example.org/guide>.", "is a web address"),
        ("[www.example.org/page](https://www.example.org/page)", "is a web address"),
        ("STOP TAKING THIS MEDICINE AT ONCE IF YOU FEEL DIZZY", "capital letters"),
        ("- DO NOT DRIVE UNTIL YOUR DOCTOR SAYS SO", "capital letters"),
        (
            "<table><tr><td>Dose</td><td>When</td></tr><tr><td>1</td><td>Night</td></tr></table>",
            "no header row",
        ),
        ("| | |\n|---|---|\n| 1 | 2 |", "no header row"),
    ],
)
def test_structure_problems_are_found_and_explained(body, problem):
    problems = quality.analyse(body).problems
    assert len(problems) == 1
    assert problem in problems[0]


def test_well_structured_text_has_no_structure_problems():
    body = (
        "Intro with an NHS link: [NHS 111 online](https://111.nhs.uk).\n\n"
        "## Doses\n\n| Dose | When |\n|---|---|\n| 1 | Night |\n\n"
        "### Children\n\nAsk your GP. Call NHS 111.\n\n"
        "## Help\n\n!!! urgent\n    Call 111 if you feel worse.\n"
    )
    report = quality.analyse(body)
    assert report.problems == []
    assert report.help_boxes == 1
    assert report.headings == ["Doses", "Children", "Help"]


@pytest.mark.parametrize(
    ("heading", "accepted"),
    [
        ("What causes it?", True),
        ("Causes", True),
        ("causes", True),
        ("What causes neuromyotonia?", True),
        ("WHAT CAUSES IT", True),
        ("What’s the cause", False),
        ("Symptoms", False),
        ("", False),
    ],
)
def test_required_sections_match_by_heading_and_other_wordings(heading, accepted):
    section = RequiredSection(heading="Causes", alternatives="What causes it?\nWhat causes *\n\n")
    assert section.matches(heading) is accepted


def test_hostile_and_huge_text_is_analysed_without_error():
    body = "<script>alert(1)</script>\x00 \u202e" + ("Word " * 20000) + "." + "[" * 200
    report = quality.analyse(body)
    assert report.reading_age is not None
    assert len(report.long_sentences) == 1
