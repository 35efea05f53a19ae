"""Translation guard rails.

1. The Welsh catalogue is complete: every entry translated, none fuzzy, all
   six Welsh plural forms filled, and the catalogue is in step with the source.
2. A pseudo-locale walk: every page is rendered with a catalogue in which each
   string is visibly wrapped; any visible text that is not wrapped (and is not
   a data value) was never marked for translation.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.dates import get_day_names, get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import String, Text, select

from portal import create_app
from portal.extensions import babel, db
from tests.helpers import Page
from tests.routes import ALLOW, ROLES, ROUTES, build_sample_data

ROOT = Path(__file__).resolve().parent.parent
CY_PO = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
POT = ROOT / "translations" / "messages.pot"
OPEN, CLOSE = "⟦", "⟧"


def welsh_problems(path):
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="cy")
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(("fuzzy", message.id))
        elif isinstance(message.id, (list, tuple)):
            strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
            if len(strings) != 6 or not all(s.strip() for s in strings):
                problems.append(("plural forms", message.id))
        elif not (message.string or "").strip():
            problems.append(("untranslated", message.id))
    return catalog, problems


def test_welsh_catalogue_declares_six_plural_forms():
    catalog, _ = welsh_problems(CY_PO)
    assert catalog.num_plurals == 6
    assert "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5" in catalog.plural_expr.replace("(", "").replace(
        ")", ""
    ) or catalog.plural_expr == "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5)"


def test_every_welsh_entry_is_translated():
    _, problems = welsh_problems(CY_PO)
    assert not problems, f"{len(problems)} Welsh entries need work, e.g. {problems[:5]}"


def test_catalogue_is_in_step_with_the_source(tmp_path):
    """Extracting afresh finds nothing the committed catalogue lacks, and vice versa."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "-o", str(fresh), "portal"],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(fresh, "rb") as handle:
        source_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with open(CY_PO, "rb") as handle:
        welsh_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    missing, stale = sorted(source_ids - welsh_ids), sorted(welsh_ids - source_ids)
    assert not missing, f"strings missing from the Welsh catalogue: {missing[:10]}"
    assert not stale, f"stale strings in the Welsh catalogue: {stale[:10]}"


# --- pseudo-locale -----------------------------------------------------------

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def pseudo(text):
    """Wrap ``text`` in markers, keeping placeholders intact."""
    return f"{OPEN}{text}{CLOSE}"


@pytest.fixture(scope="module")
def pseudo_app(app, tmp_path_factory):
    """The app, but its Welsh catalogue replaced by the pseudo-locale."""
    directory = tmp_path_factory.mktemp("pseudo")
    target = directory / "cy" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(CY_PO, "rb") as handle:
        catalog = read_po(handle, locale="cy")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            message.string = tuple(pseudo(message.id[1]) for _ in range(6))
        else:
            message.string = pseudo(message.id)
        message.flags.discard("fuzzy")
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    overrides = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "UPLOAD_FOLDER")}
    overrides["BABEL_TRANSLATION_DIRECTORIES"] = str(directory)
    # The development e-mail page is walked too (ROUTES lists it), so switch it on.
    overrides.update(DEV_MAIL_SINK=True, DEV_MAIL_DIR=str(tmp_path_factory.mktemp("dev-mail")))
    pseudo_app = create_app("test", overrides=overrides)
    pseudo_app.test_client_class = app.test_client_class
    # Flask-Babel caches catalogues per locale across apps: start and end clean.
    with pseudo_app.app_context():
        babel.domain_instance.cache.clear()
    yield pseudo_app
    with pseudo_app.app_context():
        babel.domain_instance.cache.clear()


def data_values():
    """Every string stored in the database: shown as data, never translated."""
    values = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            values.update(v for v in row if isinstance(v, str) and v.strip())
    for width in ("wide", "abbreviated"):
        values.update(get_month_names(width, locale="cy").values())
        values.update(get_day_names(width, locale="cy").values())
    return sorted(values, key=len, reverse=True)


EMAIL = re.compile(r"\S+@\S+")
NEUTRAL = re.compile(r"^[\s\d.,:;()\-–—/%£+#@*'\"’|&·•→←!]*$")


def untranslated_text(page, values):
    """Visible text and labels on ``page`` that did not come from the catalogue."""
    found = []
    body = page.soup
    for node in body.find_all(string=True):
        parent = node.parent
        if parent.name in ("script", "style", "title", "[document]", "code"):
            continue
        if parent.name == "tspan":
            # A chart label wrapped onto lines (tspans) is one text: checked whole below.
            continue
        if any(p.has_attr("hidden") or (p.has_attr("lang") and p.name != "html") for p in node.parents
               if hasattr(p, "has_attr")):
            continue
        text = node.strip()
        if text and not _translated(text, values):
            found.append(text)
    for element in body.select("svg text:has(tspan)"):
        text = element.get_text(" ", strip=True)
        if text and not _translated(text, values):
            found.append(text)
    for element in body.find_all(attrs={"aria-label": True}):
        if not _translated(element["aria-label"], values):
            found.append(f"aria-label={element['aria-label']}")
    title = body.title.get_text(strip=True) if body.title else ""
    if title and not _translated(title, values):
        found.append(f"title={title}")
    return found


def _translated(text, values):
    if OPEN in text or CLOSE in text:
        return True
    remainder = EMAIL.sub("", text)
    for value in values:
        if value in remainder:
            remainder = remainder.replace(value, "")
    return bool(NEUTRAL.match(remainder))


def test_pseudo_locale_covers_every_page(pseudo_app, sign_in):
    sample = build_sample_data()
    values = data_values()
    failures = {}
    checked = 0
    for role in ROLES:
        if role == "anonymous":
            client = pseudo_app.test_client()
        else:
            client = pseudo_app.test_client()
            response = client.submit("/en/sign-in", {"email": sample.users[role].email,
                                                     "password": "correct horse battery"})
            assert response.status_code == 302
        for _endpoint, route in ROUTES.items():
            if route.method != "GET" or not route.page or route.access[role] != ALLOW:
                continue
            path = route.path(sample).replace("/en/", "/cy/", 1)
            response = client.get(path)
            assert response.status_code == 200, f"{path} as {role}: {response.status_code}"
            checked += 1
            missing = untranslated_text(Page(response), values)
            if missing:
                failures[f"{role} {path}"] = missing
    error_page = pseudo_app.test_client().get("/cy/no-such-page")
    missing = untranslated_text(Page(error_page), values)
    if missing:
        failures["404"] = missing
    assert checked > len(ROLES)
    assert not failures, f"text not marked for translation: {failures}"


def test_pseudo_check_catches_an_unmarked_string():
    """The checker itself: an unmarked English string is reported, data is not."""
    page = Page.from_html(
        f"<html><head><title>{OPEN}Title{CLOSE}</title></head><body>"
        f"<p>{OPEN}Hello{CLOSE}</p><p>Not marked</p><p>Sample Bakery Ltd</p><p>12 / 3</p></body></html>"
    )
    assert untranslated_text(page, ["Sample Bakery Ltd"]) == ["Not marked"]
