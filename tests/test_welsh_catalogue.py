"""The Welsh catalogue reads right: mutations, people without a guessed gender, one term
per idea, one register, counts as plurals (docs/GLOSSARY-cy.md).

These read the committed catalogue, so a new entry that breaks a rule fails here
before an editor has to find it.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CY_PO = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"

# Words after which a following noun mutates (glossary: soft, aspirate and nasal triggers).
TRIGGERS = r"(?:i|o|am|ar|at|dan|dros|drwy|trwy|wrth|heb|gan|hyd|yn|â|gyda|a|tua|na)"
# Placeholders that never mutate: figures, dates, e-mail addresses, links, references.
UNMUTATED_PLACEHOLDERS = {
    "num", "total", "capacity", "last", "page", "percent", "minutes", "hours", "days", "max", "min",
    "date", "start", "end", "email", "url", "address", "reference", "number", "version", "target",
    "lowest", "highest",
}
# Inflected prepositions and pronouns that say "he" or "she".
GENDERED = re.compile(
    r"\b(?:ato|ati|ganddo|ganddi|iddo|iddi|arno|arni|amdano|amdani|wrtho|wrthi|ohono|ohoni|hebddo|hebddi|"
    r"ef|hi|fe|fo|o'i dudalen|ei gyfrif|ei sefydliad)\b|wedi'i dynnu"
)
ABOUT_A_PERSON = re.compile(
    r"%\((?:name|inviter|champion|attendee|contact|email)\)s|\b(?:they|them|their|person|colleague|attendee)\b"
)
# Entries where the pronoun stands for a thing, not a person.
ABOUT_A_THING = {
    "Certificates stay valid for this many months after the course.",  # iddo: the training
    "You cannot register it again.",  # ag ef: the organisation
}
SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f"}


@pytest.fixture(scope="module")
def catalogue():
    with open(CY_PO, "rb") as handle:
        catalog = read_po(handle, locale="cy")
    return [m for m in catalog if m.id]


def entries(catalogue):
    """(English, Welsh) for every form of every entry."""
    for message in catalogue:
        english = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        welsh = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        for form in welsh:
            yield english, form or ""


def test_service_and_language_names_mutate_after_trigger_words(catalogue):
    """'gyda Chymru Iach ar Waith', 'i Gymru…', 'yn Gymraeg': never the radical form after a trigger."""
    unmutated = re.compile(rf"(?<![\w'’]){TRIGGERS}\s+(?:Cymru|Cymraeg)\b", re.IGNORECASE)
    found = [(english, match.group(0)) for english, welsh in entries(catalogue)
             for match in unmutated.finditer(welsh) if match.group(0).split()[-1][0] == "C"]
    assert not found, f"unmutated after a trigger word: {found}"


def test_no_name_or_language_placeholder_follows_a_trigger_word(catalogue):
    """A placeholder cannot mutate, so nothing but figures, dates, addresses and links follows a trigger."""
    after_trigger = re.compile(rf"(?<![\w'’]){TRIGGERS}\s+%\((\w+)\)[sd]", re.IGNORECASE)
    found = [(english, welsh[max(0, match.start() - 20):match.end()]) for english, welsh in entries(catalogue)
             for match in after_trigger.finditer(welsh) if match.group(1) not in UNMUTATED_PLACEHOLDERS]
    assert not found, f"placeholder after a trigger word: {found}"


def test_people_are_not_given_a_gender(catalogue):
    found = [(english, match.group(0)) for english, welsh in entries(catalogue)
             if ABOUT_A_PERSON.search(english) and not any(english.startswith(t) for t in ABOUT_A_THING)
             for match in GENDERED.finditer(welsh)]
    assert not found, f"a person given a gender: {found}"


def test_one_term_per_idea_and_one_register(catalogue):
    """Glossary terms ('partner cyflenwi', 'negeseuon e-bost', 'mynychu') and the standard 'Nid oes / Nid yw'."""
    banned = re.compile(r"partner(?:iaid)? cyflawni|e-byst|\bfod yn bresennol|\bbod yn bresennol|"
                        r"\bdoes dim\b|\bdydy\b|\bdyw\b|\bdoedd\b|\bsdim\b", re.IGNORECASE)
    found = [(english, match.group(0)) for english, welsh in entries(catalogue) for match in banned.finditer(welsh)]
    assert not found, f"off-glossary term or colloquial register: {found}"


def test_counts_are_plural_entries(catalogue):
    """A figure followed by a counted noun is an ngettext entry, so '1 o leoedd' and '2 munud' cannot happen."""
    counted = re.compile(r"%\((?:num|count|minutes|hours|days|months|max|min)\)[sd] [a-z]+")
    found = [m.id for m in catalogue if isinstance(m.id, str) and counted.search(m.id)]
    assert not found, f"counts that need ngettext: {found}"


def test_two_takes_the_soft_mutation(catalogue):
    """Form 2 (dau/dwy) soft-mutates the noun after the figure: '2 funud', '2 ddigwyddiad', '2 gyflogai'."""
    found = []
    for message in catalogue:
        if not isinstance(message.id, (list, tuple)):
            continue
        one = re.search(r"%\(\w+\)[sd] (\w+)", message.string[1])
        two = re.search(r"%\(\w+\)[sd] (\w+)", message.string[2])
        if not (one and two):
            continue
        noun = one.group(1).lower()
        if noun[:2] in ("ll", "rh") or noun[0] not in SOFT:
            continue
        mutated = SOFT[noun[0]] + noun[1:]
        if two.group(1).lower() != mutated:
            found.append((message.id[0], two.group(0), mutated))
    assert not found, f"no soft mutation after 2: {found}"
