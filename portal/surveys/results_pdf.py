"""A survey's results as an A4 PDF in the reader's language, withheld where the page withholds them.

Drawn with the portal's PDF helper (DejaVu, so Welsh letters print). The same
words as the results page, each theme's distribution drawn as bars with its
figures written beside them, so the document reads in black and white too.
"""

from flask_babel import force_locale, format_percent, ngettext
from flask_babel import gettext as _
from fpdf.fonts import FontFace

from portal.i18n import BABEL_LOCALES, date_filter
from portal.organisations.sizes import BAND_LABELS, UNKNOWN_BAND
from portal.pdf import FONT, new_document
from portal.registration.services import Count  # prints with the language's thousands separators
from portal.surveys.results import SCALE, format_score, shares

LEFT = 18
WIDTH = 210 - 2 * LEFT
BOTTOM = 297 - 16
# GOV.UK blue for the bars, mid grey for their tracks.
BAR = (29, 112, 184)
TRACK = (243, 242, 241)
OUTLINE = (80, 90, 95)


def _theme_title(theme, lang):
    return theme.title_cy if lang == "cy" else theme.title_en


def _point_label(point):
    if point == 1:
        return _("1 (least positive)")
    if point == SCALE[-1]:
        return _("5 (most positive)")
    return str(point)


def _change_text(row):
    if row.change is None:
        return _("Not compared")
    if row.change > 0:
        return _("%(change)s higher (was %(before)s)", change=format_score(row.change),
                 before=format_score(row.previous_score))
    if row.change < 0:
        return _("%(change)s lower (was %(before)s)", change=format_score(-row.change),
                 before=format_score(row.previous_score))
    return _("No change")


class _Writer:
    """Paragraphs, headings and tables that start a new page rather than run off one."""

    def __init__(self, title):
        self.pdf = new_document(title)
        self.pdf.set_margins(LEFT, 16, LEFT)
        self.pdf.set_y(16)

    def room(self, height):
        if self.pdf.get_y() + height > BOTTOM:
            self.pdf.add_page()
            self.pdf.set_y(16)

    def heading(self, text, size=14, after=1):
        self.room(size * 0.6 + 16)
        self.pdf.set_font(FONT, "B", size)
        self.pdf.multi_cell(WIDTH, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(after)

    def paragraph(self, text, size=11, bold=False, after=2):
        self.pdf.set_font(FONT, "B" if bold else "", size)
        lines = self.pdf.multi_cell(WIDTH, size * 0.5, text, align="L", dry_run=True, output="LINES")
        self.room(len(lines) * size * 0.5)
        self.pdf.multi_cell(WIDTH, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(after)

    def table(self, headings, rows, widths):
        self.room(10 + 8 * min(len(rows), 3))
        self.pdf.set_font(FONT, "", 10)
        with self.pdf.table(col_widths=widths, width=sum(widths), line_height=5.5, align="LEFT", text_align="LEFT",
                            headings_style=FontFace(emphasis="BOLD"), borders_layout="HORIZONTAL_LINES",
                            padding=1.5) as table:
            heading_row = table.row()
            for text in headings:
                heading_row.cell(text)
            for cells in rows:
                row = table.row()
                for text in cells:
                    row.cell(text)
        self.pdf.ln(4)

    def distribution(self, theme):
        """One line per point: its label, a bar as long as its share, and the figures."""
        share = shares(theme.distribution)
        self.room(6.5 * len(SCALE) + 2)
        label_w, bar_w = 48, 80
        self.pdf.set_font(FONT, "", 10)
        for point in SCALE:
            y = self.pdf.get_y()
            self.pdf.set_xy(LEFT, y)
            self.pdf.cell(label_w, 6, _point_label(point))
            self.pdf.set_fill_color(*TRACK)
            self.pdf.set_draw_color(*OUTLINE)
            self.pdf.rect(LEFT + label_w, y + 1, bar_w, 4, style="DF")
            if share[point]:
                self.pdf.set_fill_color(*BAR)
                self.pdf.rect(LEFT + label_w, y + 1, bar_w * share[point], 4, style="F")
            self.pdf.set_xy(LEFT + label_w + bar_w + 3, y)
            self.pdf.cell(WIDTH - label_w - bar_w - 3, 6,
                          ngettext("%(num)s answer (%(share)s)", "%(num)s answers (%(share)s)",
                                   Count(theme.distribution[point]), share=format_percent(share[point])))
            self.pdf.set_y(y + 6.5)
        self.pdf.ln(3)


def results_pdf(results, lang):
    """The results of a survey (a :class:`portal.surveys.results.SurveyResults`) as PDF bytes, in ``lang``."""
    with force_locale(BABEL_LOCALES[lang]):
        return _document(results, lang)


def _document(results, lang):
    survey = results.survey
    organisation = survey.organisation
    writer = _Writer(f"{organisation.name}: {_('Staff well-being survey results')}")
    writer.paragraph(_("Healthy Working Wales"), size=11, bold=True, after=1)
    writer.heading(_("Staff well-being survey results"), size=20, after=1)
    writer.paragraph(organisation.name, size=13, after=1)
    writer.paragraph(_("Survey open from %(start)s to %(end)s", start=date_filter(survey.opens_on),
                       end=date_filter(survey.closes_on)), after=1)
    if results.still_open:
        writer.paragraph(_("The survey is still open, so these results may change as more people answer."), after=1)
    writer.paragraph(ngettext("%(num)s person answered.", "%(num)s people answered.", Count(results.respondents)),
                     size=13, bold=True, after=4)
    if not results.enough:
        writer.paragraph(ngettext(
            "No results are shown until at least %(num)d person has answered: results from fewer people "
            "could show who gave them.",
            "No results are shown until at least %(num)d people have answered: results from fewer people "
            "could show who gave them.", results.threshold))
    else:
        _scores(writer, results, lang)
    _comments(writer, results, lang)
    return bytes(writer.pdf.output())


def _scores(writer, results, lang):
    writer.paragraph(_("Each theme's score is out of 5: the average of its answers, where 1 is the least positive "
                       "answer and 5 the most positive. Statements where agreeing is the worse answer are turned "
                       "round, so a higher score is always better."), after=3)
    writer.heading(_("Scores by theme"))
    headings = [_("Theme"), _("Score out of 5")]
    widths = [64, 26]
    if results.compared_with_previous:
        headings.append(_("Change since your last survey"))
        widths.append(46)
    if results.compared_with_band:
        headings.append(_("Average of organisations of your size"))
        widths.append(38)
    rows = []
    for row in results.rows:
        cells = [_theme_title(row.theme, lang), format_score(row.theme.score) if row.theme.shown else _("Not shown")]
        if results.compared_with_previous:
            cells.append(_change_text(row))
        if results.compared_with_band:
            cells.append(_("Not compared") if row.average is None else format_score(row.average))
        rows.append(cells)
    writer.table(headings, rows, widths)

    writer.heading(_("Compared with your last survey"), size=12)
    previous = results.previous
    if previous is None:
        writer.paragraph(_("This is your organisation's first survey, so there is nothing to compare it with yet."))
    elif results.compared_with_previous:
        writer.paragraph(_("Your last survey was open from %(start)s to %(end)s. A theme is compared only where both "
                           "surveys show its results.", start=date_filter(previous.opens_on),
                           end=date_filter(previous.closes_on)))
    else:
        writer.paragraph(_("Your last survey was open from %(start)s to %(end)s, but no theme has results shown in "
                           "both surveys, so they cannot be compared.", start=date_filter(previous.opens_on),
                           end=date_filter(previous.closes_on)))
    writer.heading(_("Compared with other organisations of your size"), size=12)
    band = str(BAND_LABELS.get(results.band, ""))
    if results.band == UNKNOWN_BAND:
        writer.paragraph(_("Your organisation's number of employees is not known, so it cannot be compared with "
                           "organisations of its size."))
    elif results.compared_with_band:
        writer.paragraph(ngettext(
            "The average is of the latest survey results of other organisations in the programme of the same size "
            "as yours (%(band)s), shown only where at least %(num)d organisation contributes. Each organisation "
            "counts once, however many of its staff answered.",
            "The average is of the latest survey results of other organisations in the programme of the same size "
            "as yours (%(band)s), shown only where at least %(num)d organisations contribute. Each organisation "
            "counts once, however many of its staff answered.", results.min_organisations, band=band))
    else:
        writer.paragraph(ngettext(
            "Fewer than %(num)d other organisation of the same size as yours (%(band)s) has survey results yet, "
            "so there is no average to compare with.",
            "Fewer than %(num)d other organisations of the same size as yours (%(band)s) have survey results yet, "
            "so there is no average to compare with.", results.min_organisations, band=band))

    writer.heading(_("How people answered"))
    for row in results.rows:
        theme = row.theme
        writer.heading(_theme_title(theme, lang), size=12)
        if theme.shown:
            answered = ngettext("%(num)s person answered.", "%(num)s people answered.", Count(theme.respondents))
            writer.paragraph(_("Score: %(score)s out of 5.", score=format_score(theme.score)) + " " + answered, after=1)
            writer.distribution(theme)
        else:
            writer.paragraph(ngettext(
                "Fewer than %(num)d person answered the questions on this theme, so its results are not shown: "
                "results from so few people could show who gave them.",
                "Fewer than %(num)d people answered the questions on this theme, so its results are not shown: "
                "results from so few people could show who gave them.", results.threshold), after=4)


def _comments(writer, results, lang):
    comments = results.comments
    # Comments are results too: none while too few people answered the survey.
    if not comments.asked or not results.enough:
        return
    writer.heading(_("What people wrote"))
    question_set = results.survey.question_set
    question = question_set.free_text_cy if lang == "cy" else question_set.free_text_en
    if question:
        writer.paragraph(_("Answers to the question: %(question)s", question=question))
    if not comments.enough:
        writer.paragraph(ngettext(
            "Fewer than %(num)d person wrote a comment, so no comments are shown: so few could show who wrote them.",
            "Fewer than %(num)d people wrote a comment, so no comments are shown: so few could show who wrote them.",
            comments.threshold))
        return
    writer.paragraph(_("Your adviser reads each comment before you see it and leaves out any that could show who "
                       "wrote it."))
    for text in comments.texts:
        writer.paragraph(f"“{text}”", size=10, after=3)
    if comments.waiting:
        writer.paragraph(ngettext("%(num)s comment is still waiting to be read.",
                                  "%(num)s comments are still waiting to be read.", Count(comments.waiting)))
    elif not comments.texts:
        writer.paragraph(_("No comments are shown."))
