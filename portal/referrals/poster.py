"""The printable A4 poster that leads employees to the referral form (the QR code is :mod:`portal.qrcodes`)."""

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.i18n import BABEL_LOCALES
from portal.pdf import bilingual_poster


def poster_text(lang, url):
    """The poster's wording in ``lang``."""
    with force_locale(BABEL_LOCALES[lang]):
        return {
            "heading": _("Need support with your health at work?"),
            "lead": _("Free, confidential support from the in-work support service, for everyone who works here."),
            "how": _("Scan the code with your phone's camera, or type the address, and fill in a short form. "
                     "The service will contact you in the way you choose."),
            "private": _("Your employer is not told who asked for support."),
            "url": url,
        }


def poster_pdf(organisation, urls):
    """An A4 poster, Welsh first then English, each half with its own language's QR code."""
    return bilingual_poster(f"{organisation.name}: Cymorth yn y gwaith / Support at work", organisation.name,
                            [poster_text(lang, urls[lang]) for lang in ("cy", "en")])
