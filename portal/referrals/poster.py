"""The QR code and the printable A4 poster that lead employees to the referral form."""

import io

import segno
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.i18n import BABEL_LOCALES
from portal.pdf import new_document

# Dark enough on white for any phone camera, and the GOV.UK text colour.
DARK = "#0b0c0c"


def qr_svg(url):
    """The address as a QR code in SVG, sized by the page that shows it."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=1, border=2, dark=DARK, xmldecl=False,
                                    svgns=True, title=None)
    return buffer.getvalue()


def _qr_png(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=2, dark=DARK)
    buffer.seek(0)
    return buffer


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
    pdf = new_document(f"{organisation.name}: Cymorth yn y gwaith / Support at work")
    pdf.set_margins(18, 14, 18)
    pdf.set_y(14)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, "Cymru Iach ar Waith / Healthy Working Wales", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(0, 6, organisation.name, align="C", new_x="LMARGIN", new_y="NEXT")
    for index, lang in enumerate(("cy", "en")):
        text = poster_text(lang, urls[lang])
        top = 32 + index * 132
        pdf.set_y(top)
        pdf.set_font("DejaVu", "B", 22)
        pdf.multi_cell(0, 10, text["heading"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("DejaVu", "", 13)
        pdf.multi_cell(0, 6.5, text["lead"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.image(_qr_png(urls[lang]), x=(210 - 52) / 2, y=pdf.get_y() + 3, w=52, h=52)
        pdf.set_y(pdf.get_y() + 58)
        pdf.set_font("DejaVu", "", 12)
        pdf.multi_cell(0, 6, text["how"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, text["url"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, text["private"], align="C", new_x="LMARGIN", new_y="NEXT")
        if index == 0:
            pdf.set_draw_color(177, 180, 182)
            pdf.line(18, 160, 192, 160)
    return bytes(pdf.output())
