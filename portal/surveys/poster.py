"""The printable A4 poster that invites staff to answer their employer's survey (Welsh first)."""

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from portal.i18n import BABEL_LOCALES
from portal.pdf import bilingual_poster
from portal.surveys.services import survey_dates


def poster_text(lang, url, last_day):
    """The poster's wording in ``lang``."""
    with force_locale(BABEL_LOCALES[lang]):
        return {
            "heading": _("Have your say about health and well-being at work"),
            "lead": _("A short, anonymous survey for everyone who works here. It takes about 5 minutes."),
            "how": _("Scan the code with your phone's camera, or type the address. Open until %(date)s.",
                     date=format_date(last_day, "long")),
            "private": _("No one is told who answered or what anyone said."),
            "url": url,
        }


def poster_pdf(survey, urls):
    """An A4 poster, Welsh first then English, each half with its own language's QR code."""
    name = survey.organisation.name
    last_day = survey_dates(survey)[1]
    return bilingual_poster(f"{name}: Arolwg staff / Staff survey", name,
                            [poster_text(lang, urls[lang], last_day) for lang in ("cy", "en")])
