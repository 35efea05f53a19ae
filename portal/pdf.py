"""PDF documents (certificates, posters) in a Unicode font, so Welsh letters such as ŵ and ŷ print."""

from pathlib import Path

from fpdf import FPDF

from portal.qrcodes import qr_png

# From Debian's fonts-dejavu-core, installed by the Makefile.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"


def new_certificate(title):
    """A landscape A4 document with its first page started and the DejaVu fonts ready."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(title)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_auto_page_break(False)
    return pdf


def new_document(title, orientation="portrait"):
    """An A4 document (a poster, a handout) with its first page started and the DejaVu fonts ready."""
    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_title(title)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_auto_page_break(False)
    return pdf


def bilingual_poster(title, organisation_name, halves):
    """An A4 poster in two halves, Welsh first then English, each with its own language's QR code.

    ``halves`` are two dicts of text in their language, in the order printed:
    ``heading``, ``lead``, ``how``, ``url`` (printed and in the QR code) and
    ``private`` (a last line, such as who is not told).
    """
    pdf = new_document(title)
    pdf.set_margins(18, 14, 18)
    pdf.set_y(14)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, "Cymru Iach ar Waith / Healthy Working Wales", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 12)
    pdf.cell(0, 6, organisation_name, align="C", new_x="LMARGIN", new_y="NEXT")
    for index, text in enumerate(halves):
        pdf.set_y(32 + index * 132)
        pdf.set_font(FONT, "B", 22)
        pdf.multi_cell(0, 10, text["heading"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font(FONT, "", 13)
        pdf.multi_cell(0, 6.5, text["lead"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.image(qr_png(text["url"]), x=(210 - 52) / 2, y=pdf.get_y() + 3, w=52, h=52)
        pdf.set_y(pdf.get_y() + 58)
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(0, 6, text["how"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, text["url"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 6, text["private"], align="C", new_x="LMARGIN", new_y="NEXT")
        if index == 0:
            pdf.set_draw_color(177, 180, 182)
            pdf.line(18, 160, 192, 160)
    return bytes(pdf.output())
