"""The bilingual WHP certificate, as page text and as a PDF, and its public verification."""

import enum

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.certificate_codes import clean_code
from portal.extensions import db
from portal.i18n import BABEL_LOCALES, date_filter
from portal.pdf import new_certificate
from portal.programme.models import ProgrammeCycle
from portal.timeutil import LONDON, as_utc, utcnow

# Welsh first, as on bilingual documents.
LANGUAGES = ("cy", "en")


class Verification(enum.StrEnum):
    """What the public check says about a code."""

    GENUINE = "genuine"
    # The code was issued, but the programme no longer stands as completed: the
    # cycle was voided as started by mistake, or its WHP was withdrawn.
    WITHDRAWN = "withdrawn"
    UNKNOWN = "unknown"


def _unbroken(text):
    # No-break spaces: the date is never split over two lines, on the page or in the PDF.
    return text.replace(" ", "\u00a0")


def completed_on(cycle):
    """The day (in Wales) the programme was completed."""
    return as_utc(cycle.whp_implemented_at).astimezone(LONDON).date()


def certificate_text(organisation, cycle, verify_urls):
    """The certificate's wording in Welsh then English.

    ``verify_urls`` maps each language to the verification page in that
    language, so each half sends its reader to a page they can read.
    """
    texts = []
    for lang in LANGUAGES:
        with force_locale(BABEL_LOCALES[lang]):
            texts.append({
                "lang": lang,
                "service": _("Healthy Working Wales"),
                "title": _("Certificate of a workplace health programme"),
                "body": _("This certifies that %(organisation)s implemented a workplace health programme "
                          "(programme %(number)s) on %(date)s.", organisation=organisation.name,
                          number=cycle.number, date=_unbroken(date_filter(completed_on(cycle)))),
                "thanks": _("Thank you for looking after the health and well-being of your staff."),
                "code": _("Certificate code: %(code)s", code=cycle.certificate_code),
                "check": _("Check this certificate at %(url)s", url=verify_urls[lang]),
                "url": verify_urls[lang],
            })
    return texts


# Landscape A4 is 297 x 210 mm: a border, then each language in its own half.
HALF_TOPS = (20, 110)


def certificate_pdf(organisation, cycle, verify_urls):
    """The certificate as one PDF page, in a Unicode font so Welsh letters (ŵ, ŷ) print."""
    pdf = new_certificate(f"{organisation.name} - {cycle.number}")
    pdf.set_draw_color(0, 94, 165)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.3)
    pdf.line(40, 105, 257, 105)
    for top, text in zip(HALF_TOPS, certificate_text(organisation, cycle, verify_urls), strict=True):
        pdf.set_y(top)
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, text["service"], new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.set_font("DejaVu", "B", 20)
        pdf.cell(0, 13, text["title"], new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.ln(2)
        pdf.set_font("DejaVu", "", 14)
        pdf.multi_cell(0, 8, text["body"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 7, text["thanks"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(top + 71)
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(0, 5, text["code"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 5, text["check"], align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def verify_certificate(code, now=None):
    """``(Verification, cycle)`` for a typed ``code`` (any form of typing); the cycle is None when unknown.

    A programme dated in the future (support recorded ahead of time) is not
    confirmed: the public check never vouches for what has not happened yet.
    """
    code = clean_code(code)
    cycle = db.session.scalar(select(ProgrammeCycle).where(ProgrammeCycle.certificate_code == code)) \
        if code else None
    if cycle is None:
        return Verification.UNKNOWN, None
    if cycle.voided_at is not None or cycle.whp_implemented_at is None \
            or as_utc(cycle.whp_implemented_at) > (now or utcnow()):
        return Verification.WITHDRAWN, cycle
    return Verification.GENUINE, cycle


def date_corrected_on(cycle):
    """When the completion date was last corrected (support re-dated or withdrawn), or None."""
    at = db.session.scalar(
        select(AuditEvent.at).where(AuditEvent.action == "programme_whp_redated",
                                    AuditEvent.target_type == ProgrammeCycle.__tablename__,
                                    AuditEvent.target_id == cycle.id)
        .order_by(AuditEvent.at.desc()).limit(1))
    return as_utc(at).astimezone(LONDON).date() if at else None
