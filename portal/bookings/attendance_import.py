"""Attendance at scale: the whole register at once, and the report an online meeting tool exports.

Staff mark everyone in one form (all attended unless they untick someone), or
upload the attendance report of Microsoft Teams, Zoom or Google Meet. The
report is matched to the event's confirmed places by e-mail address and shown
as a preview; nothing is saved until staff confirm the register, and each mark
goes through :func:`portal.bookings.attendance.mark_attendance`, so the same
rules apply as to a single mark.
"""

import csv
from dataclasses import dataclass, field

from portal.bookings.attendance import event_bookings, mark_attendance
from portal.bookings.models import Attendance, BookingStatus
from portal.email.addresses import normalise_email

MAX_REPORT_BYTES = 2 * 1024 * 1024
REPORT_EXTENSIONS = (".csv", ".txt", ".tsv")
DELIMITERS = ("\t", ",", ";")


class ReportError(ValueError):
    """The uploaded report cannot be read; ``reason`` is a key the form turns into words."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass
class ReportRow:
    name: str
    email: str
    joined: str = ""
    left: str = ""


def _decode(data):
    # Teams writes UTF-16 with a byte-order mark; Zoom and Meet write UTF-8, sometimes with one.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ReportError("type")
    return text


def _column(header, *words, avoid=()):
    for index, cell in enumerate(header):
        label = cell.strip().lower()
        if any(word in label for word in words) and not any(word in label for word in avoid):
            return index
    return None


def _cell(row, index):
    return row[index].strip() if index is not None and len(row) > index else ""


def _header(rows):
    """Where the header row is, and its (name, email, joined, left) column positions."""
    for position, header in enumerate(rows):
        if len(header) < 2:  # a whole line read as one cell: the wrong delimiter
            continue
        email = _column(header, "email", "e-mail", "upn")
        if email is not None:
            name = _column(header, "name", avoid=("email", "e-mail", "upn"))
            return position, (name, email, _column(header, "join", "first"), _column(header, "leave", "last"))
    return None, ()


def _people(rows, name, email, joined, left):
    people, seen = [], set()
    for row in rows:
        address = normalise_email(row[email]) if len(row) > email else ""
        if "@" not in address or address in seen:
            continue
        seen.add(address)
        people.append(ReportRow(name=_cell(row, name), email=address, joined=_cell(row, joined),
                                left=_cell(row, left)))
    return people


def read_report(filename, data):
    """The people in an attendance report: one row per e-mail address, in the report's order.

    Finds the header row wherever it is (Teams puts a meeting summary above it)
    and the name, e-mail, join and leave columns by their headings. Raises
    :class:`ReportError` when the file is not a readable report.
    """
    if not (filename or "").lower().endswith(REPORT_EXTENSIONS):
        raise ReportError("extension")
    if not data:
        raise ReportError("empty")
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError("size")
    lines = _decode(data).splitlines()
    found_column = False
    # Teams separates with tabs and writes commas inside its dates; Zoom and Meet use commas.
    for delimiter in DELIMITERS:
        rows = list(csv.reader(lines, delimiter=delimiter))
        header_at, columns = _header(rows)
        if header_at is None:
            continue
        found_column = True
        people = _people(rows[header_at + 1:], *columns)
        if people:
            return people
    if found_column:
        raise ReportError("no_people")
    raise ReportError("no_email_column")


@dataclass
class Preview:
    """How a report matches the register, before anything is saved."""

    matched: list = field(default_factory=list)  # (booking, row)
    already_marked: list = field(default_factory=list)  # (booking, row): marked before the import
    not_in_report: list = field(default_factory=list)  # confirmed bookings nobody in the report matched
    unmatched: list = field(default_factory=list)  # rows with no confirmed place on this event

    @property
    def attended_ids(self):
        """The places the report shows attended: the register's ticks in the preview."""
        return {booking.id for booking, _row in self.matched + self.already_marked}


def confirmed_places(event):
    """The event's confirmed places, in booking order: the register."""
    return [b for b in event_bookings(event) if b.status == BookingStatus.CONFIRMED]


def match_report(event, people):
    """Match report rows to the event's confirmed places by e-mail address (ignoring case)."""
    places = {normalise_email(b.email): b for b in confirmed_places(event)}
    preview, found = Preview(), set()
    for person in people:
        booking = places.get(person.email)
        if booking is None:
            preview.unmatched.append(person)
            continue
        found.add(booking.id)
        (preview.already_marked if booking.attendance else preview.matched).append((booking, person))
    preview.not_in_report = [b for b in places.values() if b.id not in found]
    return preview


@dataclass
class Saved:
    attended: int = 0
    did_not_attend: int = 0
    unchanged: int = 0


def unmarked_places(event):
    """Confirmed places with no attendance recorded yet: what the register form marks."""
    return [b for b in confirmed_places(event) if b.attendance is None]


def save_register(event, attended_ids):
    """Mark every place not yet marked: attended if its id is in ``attended_ids``, else did not attend.

    A place already marked keeps its mark (changing one is a correction, with
    a reason, one place at a time). All or nothing: the first refusal
    (:class:`BookingRefused`, for example before the session has started) is
    raised and the caller rolls back.
    """
    saved = Saved()
    for booking in confirmed_places(event):
        if booking.attendance is not None:
            saved.unchanged += 1
            continue
        attendance = Attendance.ATTENDED if booking.id in attended_ids else Attendance.DID_NOT_ATTEND
        mark_attendance(booking, attendance)
        if attendance == Attendance.ATTENDED:
            saved.attended += 1
        else:
            saved.did_not_attend += 1
    return saved

