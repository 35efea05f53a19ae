"""QR codes that lead people to a page of the service (the self-referral form, a staff survey)."""

import io

import segno
from markupsafe import Markup, escape

# Dark enough on white for any phone camera, and the GOV.UK text colour.
DARK = "#0b0c0c"


def qr_svg(url):
    """The address as a QR code in SVG, sized by the page that shows it."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=1, border=2, dark=DARK, xmldecl=False,
                                    svgns=True, title=None)
    return buffer.getvalue()


def qr_svg_inline(url, label, css_class="app-qr-code app-qr-code--inline"):
    """The QR code as an ``<svg>`` element to put in a page, named ``label`` for assistive technology.

    Without a size of its own (its viewBox keeps it square), so the page's CSS sizes it.
    """
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=1, border=2, dark=DARK, xmldecl=False,
                                    svgns=True, title=None, omitsize=True, svgclass=css_class)
    svg = buffer.getvalue().decode("utf-8")
    # segno writes neither a role nor a name; an image needs both.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S704  # nosec B704 - segno's own markup, the label escaped


def qr_png(url, scale=10):
    """The QR code as a PNG, in a buffer ready to read (for a PDF or a download)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2, dark=DARK)
    buffer.seek(0)
    return buffer
