"""The attendee list in the export's language: words, not codes, and the organisation's reference (issue 15 item 7)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from portal.security import Role
from tests import factories

CODES = {"confirmed", "waiting", "cancelled", "attended", "did_not_attend", "cy", "en"}


@pytest.fixture
def event_with_attendees():
    event = factories.make_event()
    trading = factories.make_organisation(name="+44 Trading", reference="HWW-T90001")
    welsh = factories.make_organisation(name="Caffi Tŷ Gwyn", reference="HWW-T90002", correspondence_language="cy")
    factories.make_booking(
        event, trading, name='=HYPERLINK("http://evil")', email="a@example.com", attendance="did_not_attend"
    )
    factories.make_booking(event, welsh, name="Siân", email="sian@example.com", attendance="attended")
    factories.make_booking(event, welsh, name="Ifan", email="ifan@example.com", status="waiting")
    return event


@pytest.mark.parametrize(
    ("lang", "header", "rows"),
    [
        (
            "en",
            [
                "Name",
                "Email address",
                "Organisation reference",
                "Organisation",
                "Status",
                "Attendance",
                "Language for their emails",
            ],
            [
                ["HWW-T90001", "'+44 Trading", "Confirmed", "Did not attend", "English"],
                ["HWW-T90002", "Caffi Tŷ Gwyn", "Confirmed", "Attended", "Welsh"],
                ["HWW-T90002", "Caffi Tŷ Gwyn", "On the waiting list", "", "Welsh"],
            ],
        ),
        (
            "cy",
            None,
            [
                ["HWW-T90001", "'+44 Trading", "Wedi'i gadarnhau", "Heb fynychu", "Saesneg"],
                ["HWW-T90002", "Caffi Tŷ Gwyn", "Wedi'i gadarnhau", "Wedi mynychu", "Cymraeg"],
                ["HWW-T90002", "Caffi Tŷ Gwyn", "Ar y rhestr aros", "", "Cymraeg"],
            ],
        ),
    ],
)
def test_attendee_csv_in_words_with_the_reference(sign_in, event_with_attendees, lang, header, rows):
    client = sign_in(factories.make_user(Role.STAFF))
    response = client.get(f"/{lang}/staff/events/{event_with_attendees.id}/attendees.csv")
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    if header:
        assert table[0] == header
    assert [row[2:] for row in table[1:]] == rows
    # The CSV guard: a name typed like a formula gets an apostrophe (a CSV has no cell types).
    assert table[1][0] == '\'=HYPERLINK("http://evil")'
    assert not CODES & {cell for row in table[1:] for cell in row[4:]}


def test_attendee_xlsx_keeps_formula_looking_text_as_text(sign_in, event_with_attendees):
    client = sign_in(factories.make_user(Role.STAFF))
    response = client.get(f"/cy/staff/events/{event_with_attendees.id}/attendees.xlsx")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G4"
    header = [cell.value for cell in sheet[1]]
    assert header[2:4] == ["Cyfeirnod y sefydliad", "Sefydliad"]
    first = sheet[2]
    assert first[0].value == '=HYPERLINK("http://evil")'
    assert first[0].data_type == "s"
    assert first[3].value == "+44 Trading"
    assert first[3].data_type == "s"
    assert [cell.value for cell in first[4:]] == ["Wedi'i gadarnhau", "Heb fynychu", "Saesneg"]


def test_another_partners_attendee_list_is_not_found(sign_in):
    other = factories.make_event(partner_slug="north-west")
    client = sign_in(factories.make_user(Role.STAFF))
    assert client.get(f"/en/staff/events/{other.id}/attendees.xlsx").status_code == 404
    assert client.get(f"/en/staff/events/{other.id}/attendees.csv").status_code == 404
