"""The bilingual WHP confirmation certificate, as page text and as a PDF."""


from flask_babel import force_locale
from flask_babel import gettext as _

from portal.i18n import BABEL_LOCALES, date_filter
from portal.pdf import new_certificate


def _unbroken(text):
    # No-break spaces: the date is never split over two lines, on the page or in the PDF.
    return text.replace(" ", "\u00a0")


def certificate_text(organisation, cycle):
    """The certificate's wording in Welsh then English (Welsh first, as on bilingual documents)."""
    texts = []
    for lang in ("cy", "en"):
        with force_locale(BABEL_LOCALES[lang]):
            texts.append({
                "lang": lang,
                "service": _("Healthy Working Wales"),
                "title": _("Certificate of a workplace health programme"),
                "body": _("This certifies that %(organisation)s implemented a workplace health programme "
                          "(programme %(number)s) on %(date)s.", organisation=organisation.name,
                          number=cycle.number, date=_unbroken(date_filter(cycle.whp_implemented_at))),
                "thanks": _("Thank you for looking after the health and well-being of your staff."),
            })
    return texts


def certificate_pdf(organisation, cycle):
    """The certificate as PDF bytes, in a Unicode font so Welsh letters (ŵ, ŷ) print."""
    pdf = new_certificate(f"{organisation.name} - {cycle.number}")
    for text in certificate_text(organisation, cycle):
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, text["service"], new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.set_font("DejaVu", "B", 20)
        pdf.cell(0, 14, text["title"], new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.set_font("DejaVu", "", 14)
        pdf.multi_cell(0, 8, text["body"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 7, text["thanks"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(12)
    return bytes(pdf.output())
