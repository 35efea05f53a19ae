"""Bilingual certificates as PDF (fpdf2 with a Unicode font, so ŵ and ŷ print)."""


from flask_babel import force_locale
from flask_babel import gettext as _

from portal.i18n import BABEL_LOCALES, date_filter
from portal.pdf import new_certificate
from portal.timeutil import LONDON


def certificate_languages(training):
    """Welsh first unless the champion's language preference is known to be English."""
    user = training.user
    if user is not None and user.language == "en":
        return ["en", "cy"]
    return ["cy", "en"]


def certificate_text(training, lang, verify_url=""):
    """The certificate's wording in ``lang``."""
    with force_locale(BABEL_LOCALES[lang]):
        course = training.course_title_cy if lang == "cy" else training.course_title_en
        return {
            "lang": lang,
            "heading": _("Certificate of completion"),
            "intro": _("This is to certify that"),
            "name": training.name,
            "completed": _("completed the well-being champion training"),
            "course": course,
            "date": _("on %(date)s", date=date_filter(training.completed_at.astimezone(LONDON).date())),
            "valid": _("Valid until %(date)s", date=date_filter(training.valid_until)),
            "code": _("Certificate code: %(code)s", code=training.certificate_code),
            "check": _("Check this certificate at %(url)s", url=verify_url),
        }


def certificate_pdf(training, verify_urls):
    """The certificate as PDF bytes, both languages on one page.

    ``verify_urls`` maps each language to its own verification page, so each half
    of a bilingual certificate sends its reader to a page in that half's language.
    """
    pdf = new_certificate(f"{training.course_title_cy} / {training.course_title_en}")
    pdf.set_draw_color(0, 94, 165)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(18)
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 9, "Cymru Iach ar Waith / Healthy Working Wales", align="C", new_x="LMARGIN", new_y="NEXT")
    for index, lang in enumerate(certificate_languages(training)):
        text = certificate_text(training, lang)
        pdf.ln(5 if index == 0 else 8)
        pdf.set_font("DejaVu", "B", 20)
        pdf.cell(0, 10, text["heading"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(0, 7, text["intro"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 16)
        pdf.cell(0, 9, text["name"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(0, 7, text["completed"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, text["course"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(0, 7, f"{text['date']} · {text['valid']}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(180)
    pdf.set_font("DejaVu", "", 10)
    for lang in certificate_languages(training):
        text = certificate_text(training, lang, verify_urls[lang])
        pdf.cell(0, 5, f"{text['code']} · {text['check']}", align="C",
                 new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
