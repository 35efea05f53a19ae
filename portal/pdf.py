"""PDF documents (certificates) in a Unicode font, so Welsh letters such as ŵ and ŷ print."""

from pathlib import Path

from fpdf import FPDF

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
