"""Bad input never gives a server error, on any route, as anyone.

Walks every route in ``app.url_map`` (through ``tests.routes.ROUTES``, which the
access matrix keeps complete) as each role, plus an employer whose
registration is not finished, and sends what an attacker or a clumsy paste
would: integers beyond 64 bits and beyond an id column (2**31) in paths and
query strings, NUL bytes,
impossible months, query parameters named like the route's own arguments,
and, into every field of every form found, a NUL byte, 10,000 characters, a
65-bit integer and 2**31. Any 5xx fails.

The sample data is built once for the module and each role signs in once, so
the conftest's per-test clean-up is replaced here by one clean-up at the end.
"""

from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from werkzeug.routing import IntegerConverter

from portal.extensions import db
from portal.reference.services import load_reference_data
from tests.conftest import clear_tables
from tests.factories import PASSWORD
from tests.helpers import Page
from tests.registration.helpers import registrant
from tests.routes import ALLOW, ROLES, ROUTES, build_sample_data

UNREGISTERED = "unregistered employer"
BIG = str(2**64)  # one more than the largest unsigned 64-bit integer
INT4 = str(2**31)  # one more than PostgreSQL's integer, the type of every id column
NUMERIC_QUERY = ("page", "past_page", "partner", "sector", "la", "period", "id")
TEXT_QUERY = ("q", "code", "month", "status", "figure", "group", "band", "change", "next", "text")
# Names url_for treats specially, and the language the toggle sets itself.
SPECIAL_QUERY = ("_method", "lang", "_external", "_anchor", "_scheme")
FIELD_VALUES = {"a NUL byte": "before\x00after", "10,000 characters": "x" * 10_000, "a 65-bit integer": BIG,
                "2**31": INT4}
# GOV.UK date inputs send day, month and year under the field's one name.
IMPOSSIBLE_DATES = {"31 February": ["31", "2", "2026"], "month 13": ["1", "13", "2026"],
                    "a 65-bit year": ["1", "1", BIG]}
SKIPPED_FORM_ACTIONS = ("/sign-out",)  # posting it would sign the role's client out for the rest


@pytest.fixture(autouse=True)
def app_context(app):
    """Overrides the conftest's per-test clean-up: the module's data lives until the end."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()


def _signed_in_client(app, email):
    client = app.test_client()
    response = client.submit("/en/sign-in", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"sign-in failed for {email}: {response.status_code}"
    return client


@pytest.fixture(scope="module")
def world(app):
    """Sample data, one signed-in client per role, and each route's sample path; cleared at the end."""
    with app.app_context():
        sample = build_sample_data()
        users = {**sample.users, UNREGISTERED: registrant()}
        emails = {role: user.email for role, user in users.items()}
        paths = {endpoint: route.path(sample) for endpoint, route in ROUTES.items()}
        db.session.remove()
    clients = {"anonymous": app.test_client()}
    clients.update({role: _signed_in_client(app, email) for role, email in emails.items()})
    tokens = {role: client.csrf_token() for role, client in clients.items()}
    yield SimpleNamespace(clients=clients, tokens=tokens, paths=paths, adapter=app.url_map.bind("portal.test"),
                          seen_forms=set())
    with app.app_context():
        db.session.remove()
        clear_tables()
        load_reference_data()
        db.session.commit()


def _rule_values(world, endpoint, path, method):
    """The matched rule and its values for ``path`` (without its query string)."""
    rule, values = world.adapter.match(urlsplit(path).path, method=method, return_rule=True)
    assert rule.endpoint == endpoint, f"{path} matches {rule.endpoint}, not {endpoint}"
    return rule, values


def _variants(world, endpoint, path, method="GET"):
    """(description, url, query) for each kind of bad input on one route."""
    rule, values = _rule_values(world, endpoint, path, method)
    base_query = urlsplit(path).query
    plain = urlsplit(path).path
    variants = []
    int_args = [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]
    if int_args:
        for number in (BIG, str(2**63), INT4):
            oversized = {**values, **dict.fromkeys(int_args, int(number))}
            variants.append((f"path ids of {number}", world.adapter.build(endpoint, oversized, method=method), {}))
    text_args = [name for name, conv in rule._converters.items()
                 if type(conv).__name__ == "UnicodeConverter" and name != "lang"]
    if text_args:
        with_nul = {**values, **dict.fromkeys(text_args, "a\x00b")}
        variants.append(("NUL in path text", world.adapter.build(endpoint, with_nul, method=method), {}))
    query = dict(pair.split("=", 1) for pair in base_query.split("&")) if base_query else {}
    variants.append(("65-bit numbers in the query", plain, {**query, **dict.fromkeys(NUMERIC_QUERY, BIG)}))
    variants.append(("2**31 in the query", plain, {**query, **dict.fromkeys(NUMERIC_QUERY, INT4)}))
    variants.append(("negative 65-bit numbers in the query", plain,
                     {**query, **dict.fromkeys(NUMERIC_QUERY, f"-{BIG}")}))
    variants.append(("NUL in the query", plain,
                     {**query, **dict.fromkeys(NUMERIC_QUERY + TEXT_QUERY, "a\x00b"), "a\x00": "b"}))
    variants.append(("impossible months", plain, {**query, "month": "2026-13", "period": "0"}))
    for name in sorted(set(rule.arguments) | set(SPECIAL_QUERY)):
        variants.append((f"?{name}= clashing", plain, {**query, name: "x"}))
    return variants


# Development-only routes (the local mail page) are not in the test app's url_map.
def _get_endpoints():
    return sorted(e for e, r in ROUTES.items() if r.method == "GET" and not r.dev_only)


def _post_endpoints():
    return sorted(e for e, r in ROUTES.items() if r.method == "POST" and not r.dev_only and e != "accounts.sign_out")


def _roles_for(endpoint):
    """Every role, the route's own first (bad input reaches its view), then those it refuses."""
    access = ROUTES[endpoint].access
    roles = [*ROLES, UNREGISTERED]
    return sorted(roles, key=lambda role: access.get(role, access["employer"]) != ALLOW)


def _failure(client, method, url, description, role, **kwargs):
    """None if the request was answered without a server error, else what went wrong.

    In tests Flask re-raises a view's exception instead of answering 500, so an
    exception counts as a server error too.
    """
    try:
        response = client.open(url, method=method, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any exception is the 500 the test looks for
        return f"{method} {url} {description} as {role}: {type(exc).__name__}: {str(exc)[:120]}"
    if response.status_code >= 500:
        return f"{method} {url} {description} as {role}: {response.status_code}"
    return None


def _report(failures):
    shown = "\n".join(failures[:15])
    return f"{len(failures)} server errors, e.g.:\n{shown}"


@pytest.mark.parametrize("endpoint", _get_endpoints())
def test_get_route_never_fails_on_bad_input(endpoint, world):
    failures = []
    for description, url, query in _variants(world, endpoint, world.paths[endpoint]):
        for role in _roles_for(endpoint):
            failures.append(_failure(world.clients[role], "GET", url, description, role, query_string=query))
    failures = [f for f in failures if f]
    assert not failures, _report(failures)


def _form_fields(form):
    """{name: [values]} a person would send unchanged, the names a person can type into, and date fields."""
    data, names, dates = {}, [], set()
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        kind = field.get("type", "text") if field.name == "input" else field.name
        if kind in ("submit", "button", "file", "image", "reset"):
            continue
        if name not in names:
            names.append(name)
        if kind in ("radio", "checkbox"):
            if field.has_attr("checked") or (kind == "radio" and name not in data):
                data[name] = [field.get("value", "y")] if kind == "radio" else [*data.get(name, []), field["value"]]
            continue
        if kind == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = [chosen.get("value", "")] if chosen else [""]
        elif kind == "textarea":
            data[name] = [field.get_text()]
        elif "govuk-date-input__input" in field.get("class", []):
            data[name] = [*data.get(name, []), field.get("value", "")]
            dates.add(name)
        else:
            data[name] = [field.get("value", "")]
    names = [n for n in names if n != "csrf_token"]
    return data, names, sorted(dates)


def _send_form(client, method, action, description, role, data):
    if method == "post":
        return _failure(client, "POST", action, description, role, data=data)
    return _failure(client, "GET", action, description, role, query_string=data)


def _fuzz_form(world, role, page_url, form, failures):
    action = urljoin(page_url, form.get("action") or page_url)
    action = urlsplit(action)._replace(scheme="", netloc="").geturl()
    method = form.get("method", "get").lower()
    if any(urlsplit(action).path.endswith(skip) for skip in SKIPPED_FORM_ACTIONS):
        return
    data, names, date_fields = _form_fields(form)
    key = (role, method, urlsplit(action).path, tuple(sorted(names)))
    if key in world.seen_forms:
        return
    world.seen_forms.add(key)
    if method == "post":
        data["csrf_token"] = [world.tokens[role]]
    client = world.clients[role]
    for name in names:
        for description, value in FIELD_VALUES.items():
            failures.append(_send_form(client, method, action, f"{name}={description}", role, {**data, name: [value]}))
    for name in date_fields:
        for description, parts in IMPOSSIBLE_DATES.items():
            failures.append(_send_form(client, method, action, f"{name}={description}", role, {**data, name: parts}))


@pytest.mark.parametrize("endpoint", [e for e in _get_endpoints() if ROUTES[e].page])
def test_forms_on_page_never_fail_on_bad_input(endpoint, world):
    failures = []
    for role in _roles_for(endpoint):
        url = world.paths[endpoint]
        response = world.clients[role].get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for form in Page(response).soup.select("form"):
            _fuzz_form(world, role, url, form, failures)
    failures = [f for f in failures if f]
    assert not failures, _report(failures)


@pytest.mark.parametrize("endpoint", _post_endpoints())
def test_post_route_never_fails_on_bad_input(endpoint, world):
    route = ROUTES[endpoint]
    path = world.paths[endpoint]
    failures = []
    for role in _roles_for(endpoint):
        client = world.clients[role]
        base = {"csrf_token": world.tokens[role], **route.data}
        attempts = [(f"{name}={description}", path, {**base, name: value})
                    for name in [*route.data, "_method", "name", "email", "reason"]
                    for description, value in FIELD_VALUES.items()]
        attempts += [(description, url, base) for description, url, _query in _variants(world, endpoint, path,
                                                                                           method="POST")[:2]]
        for description, url, data in attempts:
            failures.append(_failure(client, "POST", url, description, role, data=data))
    failures = [f for f in failures if f]
    assert not failures, _report(failures)


def test_the_form_walk_finds_fields_and_date_inputs(world):
    """The walk above is only as good as its form parsing: check it on a known form."""
    response = world.clients["staff"].get(world.paths["manage_events.create"])
    [form] = [f for f in Page(response).soup.select("form") if f.get("method", "get").lower() == "post"
              and "sign-out" not in (f.get("action") or "")]
    data, names, dates = _form_fields(form)
    assert {"title_en", "capacity", "first_date"} <= set(names)
    assert "first_date" in dates
    assert len(data["first_date"]) == 3
