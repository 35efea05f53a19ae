"""Every error message names its field, in both languages (GOV.UK error message pattern).

Walks every form on every page each role can see (through ``tests.routes.ROUTES``,
like ``tests/test_bad_input.py``), in English and in Welsh, and sends it twice:
with every field left empty, and with 10,001 characters in every text field. An
error message that does not say which field it is about fails: "This field is
required", "Not a valid choice", "Select an option", a bare "must be 200
characters or fewer", WTForms' own English, and their Welsh.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.helpers import Page
from tests.routes import ROUTES
from tests.test_bad_input import (  # noqa: F401  (the module's data and its clean-up)
    SKIPPED_FORM_ACTIONS,
    _form_fields,
    _get_endpoints,
    _roles_for,
    app_context,
    world,
)

# Messages that do not say which field they are about, as whole messages or
# (for WTForms' own and the length message) as their beginning.
GENERIC = re.compile(
    r"^(this field is required|mae angen llenwi['’]r maes hwn|select an option|dewiswch opsiwn"
    r"|not a valid|invalid (input|choice|value)|field must|must be \d|rhaid iddo fod"
    r"|invalid csrf|the csrf token)",
    re.IGNORECASE,
)
LONG = "x" * 10_001


def _generic(messages):
    return [m for m in messages if GENERIC.search(m.strip().removeprefix("Error:").removeprefix("Gwall:").strip())]


def _in_language(url, lang):
    return re.sub(r"^/(en|cy)/", f"/{lang}/", url)


def _sends(form, data, names, date_fields):
    """(description, data) to send: everything empty, then every text field over-long."""
    typed = {
        name for name in names if form.select_one(f'[name="{name}"]:not([type=radio]):not([type=checkbox]):not(select)')
    }
    empty = {name: value for name, value in data.items() if name not in names}
    empty.update({name: [""] for name in typed if name not in date_fields})
    empty.update({name: ["", "", ""] for name in date_fields})
    long = {**data, **{name: [LONG] for name in typed if name not in date_fields}}
    return [("left empty", empty), ("over-long", long)]


def _messages(response):
    if response.status_code != 200 or response.mimetype != "text/html":
        return []
    page = Page(response)
    return page.inline_errors() + page.error_summary()


@pytest.mark.parametrize("endpoint", [e for e in _get_endpoints() if ROUTES[e].page])
def test_every_error_message_names_its_field(endpoint, world):  # noqa: F811 (the fixture imported above)
    found = []
    for role in _roles_for(endpoint):
        client = world.clients[role]
        for lang in ("en", "cy"):
            url = _in_language(world.paths[endpoint], lang)
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            for form in Page(response).soup.select("form"):
                action = urljoin(url, form.get("action") or url)
                action = urlsplit(action)._replace(scheme="", netloc="").geturl()
                if any(urlsplit(action).path.endswith(skip) for skip in SKIPPED_FORM_ACTIONS):
                    continue
                data, names, date_fields = _form_fields(form)
                if not names:
                    continue  # a button (cancel, accept): nothing to name
                method = form.get("method", "get").lower()
                key = ("messages", lang, role, method, urlsplit(action).path, tuple(sorted(names)))
                if key in world.seen_forms:
                    continue
                world.seen_forms.add(key)
                for description, sent in _sends(form, data, names, date_fields):
                    if method == "post":
                        answer = client.post(action, data={**sent, "csrf_token": [world.tokens[role]]})
                    else:
                        answer = client.get(action, query_string=sent)
                    found += [f"{action} {description} as {role}: {m!r}" for m in _generic(_messages(answer))]
    assert not found, f"{len(found)} messages that do not name their field:\n" + "\n".join(sorted(set(found))[:40])
