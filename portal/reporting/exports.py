"""CSV and Excel exports of the figures and of organisation-level data.

Headers and labels are in the page's language. CSV is UTF-8 with a byte order
mark so Excel reads Welsh letters (ŵ, ŷ) correctly. Text that came from
people (organisation names, reference data) is neutralised so a spreadsheet
never runs it as a formula.
"""

import csv
import io
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.engagement.labels import ENGAGEMENT_TYPES
from portal.i18n import LANGUAGE_CHOICES, translated
from portal.programme.labels import FOLLOW_UP_STATUSES, INTERVENTION_KINDS, OUTCOME_CHOICES
from portal.reporting.evaluation import ENGAGEMENT, record_date
from portal.reporting.labels import BAND_LABELS, CHANNEL_LABELS, FIGURE_SHORT, GROUP_LABELS, label
from portal.reporting.models import FIGURES
from portal.reporting.services import FOLLOW_UP_STATES, OUTCOMES, figure_dates, percentage
from portal.spreadsheets import Percent, csv_row, xlsx

# The date each figure was first met in the period (ISO dates in CSV, date cells in Excel).
FIGURE_DATE_HEADINGS = {
    "engaged": _l("First engaged on"),
    "supported": _l("Supported on"),
    "whp_implemented": _l("WHP implemented on"),
    "equality_strategy": _l("Equality and diversity improved on"),
}


def _name(row, prefix, lang):
    return getattr(row, f"{prefix}_cy" if lang == "cy" else f"{prefix}_en") or ""


def month_label(month):
    """``2026-04`` as the page language writes the month, e.g. Ebrill 2026."""

    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "MMMM yyyy")


def figures_table(data, period, scope, lang, rule_version):
    """The dashboard as rows: a heading row, then every figure and breakdown."""
    header = [_("Breakdown"), _("Item")] + [str(FIGURE_SHORT[name]) for name in FIGURES]
    rows = [
        [_("Period"), f"{period.name_in(lang)} ({format_date(period.starts_on)} – {format_date(period.ends_on)})"],
        [_("Delivery partner"), scope],
        [_("Rule version"), rule_version],
        [],
        header,
        [_("All organisations"), _("Total")] + [data.totals[name]["total"] for name in FIGURES],
    ]
    target = data.target
    rows.append([_("All organisations"), _("Target")]
                + [getattr(target, name) if target else None for name in FIGURES])
    rows.append([_("All organisations"), _("Percentage of target")] + [
        _percent(data.totals[name]["total"], getattr(target, name) if target else None) for name in FIGURES
    ])
    for group in ("sme", "exception", "large"):
        rows.append([_("Group"), label(GROUP_LABELS, group)] + [data.totals[name][group] for name in FIGURES])
    for row in data.local_authorities:
        rows.append([_("Local authority"), _name(row, "name", lang) or _("Not known")]
                    + [getattr(row, name) for name in FIGURES])
    for row in data.sectors:
        rows.append([_("Sector"), _name(row, "name", lang) or _("Not known")]
                    + [getattr(row, name) for name in FIGURES])
    for row in data.bands:
        rows.append([_("Size band"), label(BAND_LABELS, row.band)] + [getattr(row, name) for name in FIGURES])
    for row in data.channels:
        rows.append([_("How they heard"), label(CHANNEL_LABELS, row.channel)]
                    + [getattr(row, name) for name in FIGURES])
    for row in data.intermediaries:
        rows.append([_("Intermediary"), _name(row, "name", lang) or _("Not known")]
                    + [getattr(row, name) for name in FIGURES])
    for row in data.months:
        rows.append([_("Month"), month_label(row["month"])] + [row[name] for name in FIGURES])
    for row in data.whp_versions:
        rows.append([_("WHP judged by rule version"), row.version, None, None, row.n, None])
    # Follow-up figures count organisations, shown in the first figure column.
    for state in FOLLOW_UP_STATES:
        rows.append([_("Outcome follow-ups (organisations)"), str(FOLLOW_UP_STATUSES[state]),
                     data.follow_ups.get(state, 0), None, None, None])
    for code in OUTCOMES:
        rows.append([_("Outcome chosen (organisations)"), str(OUTCOME_CHOICES[code]),
                     data.outcomes.get(code, 0), None, None, None])
    return rows


def _percent(achieved, target):
    value = percentage(achieved, target)
    return Percent(value) if value is not None else None


def organisations_table(rows):
    """Organisation-level rows, one per organisation, with every figure: a header, then a row
    for each of ``rows`` (:func:`~portal.reporting.services.organisation_rows`, read by position).

    A generator: rows are made as the export is written, so the export never
    holds every organisation at once.
    """
    header = [_("Reference"), _("Organisation"), _("Delivery partner"), _("Local authority"), _("Sector"),
              _("Size band"), _("Group"), _("Number of employees")]
    header += [str(FIGURE_SHORT[name]) for name in FIGURES]
    header += [_("Interventions"), _("WHP rule version"), _("Rule version"), _("Outcome follow-up"),
               _("Outcomes chosen")]
    header += [str(FIGURE_DATE_HEADINGS[name]) for name in FIGURES]
    header += [_("Language for emails and paperwork"), _("Language for training and visits")]
    header += [_("How they heard"), _("Intermediary")]
    yield header
    # Every label in the page's language once, not once per cell.
    yes_no = {True: _("Yes"), False: _("No")}
    bands, groups, channels = translated(BAND_LABELS), translated(GROUP_LABELS), translated(CHANNEL_LABELS)
    follow_ups, languages = translated(FOLLOW_UP_STATUSES), translated(LANGUAGE_CHOICES)
    outcome_words = [str(OUTCOME_CHOICES[code]) for code in OUTCOMES]
    # Each row unpacked by position, in the order of EXPORT_COLUMNS: a 50,000-row export reads about
    # a million and a half columns, and reading a column by name costs about seven times as much.
    for (reference, name, band, category, employee_count, engaged, supported, whp, equality, interventions,
         whp_rule_version, rule_version, follow_up, first_engagement_on, first_intervention_at, first_whp_at,
         first_equality_at, correspondence_language, support_language, channel, *chosen,
         partner, local_authority, sector, intermediary) in rows:
        yield [
            reference, name, partner or "", local_authority or "", sector or "", label(bands, band),
            label(groups, category), employee_count,
            yes_no[bool(engaged)], yes_no[bool(supported)], yes_no[bool(whp)], yes_no[bool(equality)],
            interventions, whp_rule_version, rule_version, label(follow_ups, follow_up),
            "; ".join(words for words, flag in zip(outcome_words, chosen, strict=True) if flag),
            *figure_dates(engaged, supported, whp, equality,
                          first_engagement_on, first_intervention_at, first_whp_at, first_equality_at),
            languages.get(correspondence_language, ""), languages.get(support_language, ""),
            label(channels, channel), intermediary or "",
        ]


RECORD_KINDS = {
    "engagement": _l("Engagement"),
    "intervention": _l("Intervention"),
}


def evaluation_table(rows, pseudonymise):
    """The evaluation dataset: one row per engagement and per intervention (see :mod:`portal.reporting.evaluation`).

    ``rows`` are :func:`~portal.reporting.evaluation.dataset_rows`, read by position (see
    :func:`organisations_table`). ``pseudonymise`` turns an organisation id into its key for
    this export. Every value is in words; nothing names or locates the organisation or anyone in it.
    """
    yield [
        _("Organisation key"), _("Record"), _("Type"), _("Date"), _("Delivery partner"), _("Local authority"),
        _("Sector"), _("Size band"), _("Language for emails and paperwork"), _("Language for training and visits"),
        _("How they heard"), _("Intermediary"), _("Counted as an intervention"), _("Voided"),
    ]
    yes_no = {True: _("Yes"), False: _("No")}
    not_known = _("Not known")
    kinds, engagement_types, intervention_kinds = (translated(RECORD_KINDS), translated(ENGAGEMENT_TYPES),
                                                   translated(INTERVENTION_KINDS))
    bands, channels, languages = translated(BAND_LABELS), translated(CHANNEL_LABELS), translated(LANGUAGE_CHOICES)
    for (record, _record_id, kind, occurred, counted, voided_at, organisation_id, band, correspondence_language,
         support_language, channel, partner, local_authority, sector, intermediary) in rows:
        types = engagement_types if record == ENGAGEMENT else intervention_kinds
        yield [
            pseudonymise(organisation_id),
            label(kinds, record),
            types.get(kind, kind),
            record_date(record, occurred),
            partner or "",
            local_authority or not_known,
            sector or not_known,
            label(bands, band),
            languages.get(correspondence_language, ""),
            languages.get(support_language, ""),
            label(channels, channel or "unknown"),
            intermediary or "",
            yes_no[bool(counted and voided_at is None)],
            yes_no[voided_at is not None],
        ]


def to_csv(table, file):
    """Write ``table`` to the binary ``file`` as UTF-8 CSV with a byte order mark, every text cell neutralised.

    Row by row, so memory stays flat whatever the number of rows.
    """
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    for row in table:
        writer.writerow(csv_row(row))
    text.flush()
    text.detach()


def to_xlsx(table, title, file, header_row=0):
    """Write an Excel workbook of ``table``, one sheet called ``title``, to the binary ``file``
    (streamed: see :func:`portal.spreadsheets.xlsx`)."""
    xlsx(table, title, file, header_row)
