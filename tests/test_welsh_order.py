"""Lists on Welsh pages are in the Welsh alphabet (docs/GLOSSARY-cy.md, "Lists in Welsh order").

The walk visits every page of the access matrix in Welsh as every role and checks
every list on it (select options, checkboxes, radios, table rows, bullet lists,
names joined in one cell) that shows local authorities or delivery partners.
"""

from flask import Flask, g
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import in_page_order, welsh_sort_key
from portal.reference.models import DeliveryPartner, LocalAuthority
from portal.reference.services import local_authorities, partners
from tests.helpers import Page
from tests.routes import ALLOW, ROLES, ROUTES, build_sample_data


def welsh_names():
    rows = list(db.session.scalars(select(LocalAuthority))) + list(db.session.scalars(select(DeliveryPartner)))
    return {row.name_cy for row in rows}


def lists_on(page):
    """Every list of item texts on the page, in the order shown."""
    soup = page.soup.select_one("main") or page.soup
    found = []
    for element in soup.select("select"):
        found.append([o.get_text(strip=True) for o in element.select("option")])
    for element in soup.select(".govuk-checkboxes, .govuk-radios"):
        found.append([label.get_text(strip=True) for label in element.select("label")])
    for element in soup.select("ul, ol"):
        found.append([item.get_text(strip=True) for item in element.find_all("li", recursive=False)])
    for element in soup.select("tbody"):
        found.append([cell.get_text(strip=True) for row in element.select("tr") for cell in row.select("th, td")])
    for cell in soup.select("td, dd"):
        text = cell.get_text(strip=True)
        if ", " in text:
            found.append(text.split(", "))
    return found


def test_reference_lists_follow_the_pages_language(app):
    with app.test_request_context("/cy/"):
        g.lang = "cy"
        names = [a.name_cy for a in local_authorities()]
        assert names[:4] == ["Abertawe", "Blaenau Gwent", "Bro Morgannwg", "Caerdydd"]
        assert names.index("Rhondda Cynon Taf") > names.index("Powys")
        assert [p.name_cy for p in partners()] == sorted((p.name_cy for p in partners()), key=welsh_sort_key)
        g.lang = "en"
        english = [a.name_en for a in local_authorities()]
        assert english[:3] == ["Blaenau Gwent", "Bridgend", "Caerphilly"]


def test_welsh_digraphs_are_single_letters():
    rows = [type("Row", (), {"name_cy": name, "name_en": name}) for name in
            ("Rhuthun", "Llandudno", "Lerpwl", "Ystrad", "Casnewydd", "Chwilog", "Radur")]
    with Flask(__name__).app_context():
        g.lang = "cy"
        assert [r.name_cy for r in in_page_order(rows)] == [
            "Casnewydd", "Chwilog", "Lerpwl", "Llandudno", "Radur", "Rhuthun", "Ystrad"]


def test_every_welsh_list_of_authorities_and_partners_is_in_welsh_order(app, sign_in):
    sample = build_sample_data()
    names = welsh_names()
    wrong, checked = {}, 0
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            response = client.submit("/en/sign-in", {"email": sample.users[role].email,
                                                     "password": "correct horse battery"})
            assert response.status_code == 302
        for route in ROUTES.values():
            if route.method != "GET" or not route.page or route.dev_only or route.access[role] != ALLOW:
                continue
            path = route.path(sample).replace("/en/", "/cy/", 1)
            response = client.get(path)
            assert response.status_code == 200, f"{path} as {role}"
            for items in lists_on(Page(response)):
                shown = [item for item in items if item in names]
                if len(shown) < 2:
                    continue
                checked += 1
                if shown != sorted(shown, key=welsh_sort_key):
                    wrong[f"{role} {path}"] = shown[:6]
    assert checked >= 5, f"only {checked} lists of authorities or partners found: the walk is not looking"
    assert not wrong, f"lists not in Welsh order: {wrong}"
