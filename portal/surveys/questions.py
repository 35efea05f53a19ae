"""The default question set, written by the team, and the one function that creates it.

It lives with the survey, not in the core reference data: only surveys read
it. It is created the first time a survey needs a set and none exists (as
intermediaries are seeded into an empty table); after that, administrators
own the sets and edit them as data.

Each theme's ``code`` is stable across versions of a set: the action plan
links a theme to the catalogue offers suggested for it by its code.
"""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.audit.labels import register_action, register_field, register_record_type, register_values
from portal.audit.services import record
from portal.extensions import db
from portal.surveys.models import QuestionSet, Survey, SurveyQuestion, SurveyTheme
from portal.timeutil import utcnow

NAME = ("Staff health and well-being survey", "Arolwg iechyd a llesiant staff")

FREE_TEXT = (
    "Is there anything else about your health and well-being at work that you would like your employer to know?",
    "A oes unrhyw beth arall am eich iechyd a'ch llesiant yn y gwaith yr hoffech i'ch cyflogwr ei wybod?",
)

# (code, (title in English, in Welsh), [(statement in English, in Welsh, reverse scored)]).
# A reverse-scored statement is one where agreeing is the worse answer.
THEMES = [
    ("workload", ("Workload and demands", "Llwyth gwaith a gofynion"), [
        ("I have enough time to do my work well.",
         "Mae gen i ddigon o amser i wneud fy ngwaith yn dda.", False),
        ("I am given deadlines I cannot meet.",
         "Rwy'n cael terfynau amser na allaf eu cyrraedd.", True),
        ("I can take the breaks I need during the working day.",
         "Gallaf gymryd yr egwyliau sydd eu hangen arnaf yn ystod y diwrnod gwaith.", False),
    ]),
    ("control", ("Control over your work", "Rheolaeth dros eich gwaith"), [
        ("I have a say in the way I do my work.",
         "Mae gen i lais yn y ffordd rwy'n gwneud fy ngwaith.", False),
        ("I can choose the order in which I do my tasks.",
         "Gallaf ddewis ym mha drefn rwy'n gwneud fy nhasgau.", False),
        ("My working hours can be flexible when I need them to be.",
         "Gall fy oriau gwaith fod yn hyblyg pan fydd angen.", False),
    ]),
    ("manager_support", ("Support from your manager", "Cymorth gan eich rheolwr"), [
        ("I can talk to my manager about something at work that is worrying me.",
         "Gallaf siarad â'm rheolwr am rywbeth yn y gwaith sy'n fy mhoeni.", False),
        ("My manager encourages me at work.",
         "Mae fy rheolwr yn fy annog yn y gwaith.", False),
        ("I get helpful feedback on the work I do.",
         "Rwy'n cael adborth defnyddiol ar y gwaith rwy'n ei wneud.", False),
    ]),
    ("peer_support", ("Support from colleagues", "Cymorth gan gydweithwyr"), [
        ("If work gets difficult, my colleagues will help me.",
         "Os bydd y gwaith yn mynd yn anodd, bydd fy nghydweithwyr yn fy helpu.", False),
        ("I get the help and support I need from the people I work with.",
         "Rwy'n cael yr help a'r cymorth sydd eu hangen arnaf gan y bobl rwy'n gweithio gyda nhw.", False),
    ]),
    ("relationships", ("Relationships at work", "Perthnasoedd yn y gwaith"), [
        ("I am treated with respect at work.",
         "Rwy'n cael fy nhrin â pharch yn y gwaith.", False),
        ("I face bullying or harassment at work.",
         "Rwy'n wynebu bwlio neu aflonyddu yn y gwaith.", True),
        ("There is friction or anger between colleagues.",
         "Mae ffrithiant neu ddicter rhwng cydweithwyr.", True),
    ]),
    ("role", ("Knowing what is expected of you", "Gwybod beth a ddisgwylir gennych"), [
        ("I am clear what is expected of me at work.",
         "Rwy'n gwybod yn glir beth a ddisgwylir gennyf yn y gwaith.", False),
        ("I understand how my work fits into the organisation's aims.",
         "Rwy'n deall sut mae fy ngwaith yn cyfrannu at nodau'r sefydliad.", False),
        ("I am given conflicting instructions by different people.",
         "Rwy'n cael cyfarwyddiadau sy'n gwrthdaro gan wahanol bobl.", True),
    ]),
    ("change", ("Change at work", "Newid yn y gwaith"), [
        ("I am told in good time about changes that affect my work.",
         "Rwy'n cael gwybod mewn da bryd am newidiadau sy'n effeithio ar fy ngwaith.", False),
        ("I am asked for my views before changes are made to my work.",
         "Gofynnir am fy marn cyn gwneud newidiadau i'm gwaith.", False),
    ]),
    ("physical", ("Physical health", "Iechyd corfforol"), [
        ("My workplace is safe and comfortable (temperature, noise, light).",
         "Mae fy ngweithle'n ddiogel ac yn gyfforddus (tymheredd, sŵn, golau).", False),
        ("My job lets me look after my physical health (for example moving about, eating well and resting).",
         "Mae fy swydd yn gadael i mi ofalu am fy iechyd corfforol (er enghraifft symud o gwmpas, bwyta'n dda a "
         "gorffwys).", False),
        ("My health makes parts of my job harder.",
         "Mae fy iechyd yn gwneud rhannau o'm swydd yn anoddach.", True),
    ]),
    ("musculoskeletal", ("Muscles, joints and back", "Cyhyrau, cymalau a chefn"), [
        ("I have pain in my back, neck, shoulders or joints that my work makes worse.",
         "Mae gen i boen yn fy nghefn, fy ngwddf, fy ysgwyddau neu fy nghymalau sy'n gwaethygu oherwydd fy "
         "ngwaith.", True),
        ("My workstation, equipment and tasks are set up so that I can work without strain on my body.",
         "Mae fy ngweithfan, fy offer a'm tasgau wedi'u trefnu fel y gallaf weithio heb straen ar fy nghorff.",
         False),
        ("I know who to ask if lifting, sitting or repetitive work is causing me pain.",
         "Rwy'n gwybod at bwy i droi os yw codi, eistedd neu waith ailadroddus yn achosi poen i mi.", False),
    ]),
    ("mental", ("Mental well-being", "Llesiant meddyliol"), [
        ("I feel able to cope with the pressures of my job.",
         "Rwy'n teimlo y gallaf ymdopi â phwysau fy swydd.", False),
        ("I often feel stressed or anxious because of work.",
         "Rwy'n aml yn teimlo dan straen neu'n bryderus oherwydd y gwaith.", True),
        ("I feel able to talk openly about my mental health at work.",
         "Rwy'n teimlo y gallaf siarad yn agored am fy iechyd meddwl yn y gwaith.", False),
    ]),
    ("support_use", ("Support you would use", "Cymorth y byddech yn ei ddefnyddio"), [
        ("I would take part in sessions on managing stress at work.",
         "Byddwn i'n cymryd rhan mewn sesiynau ar reoli straen yn y gwaith.", False),
        ("I would use advice on posture, lifting and carrying, or back pain.",
         "Byddwn i'n defnyddio cyngor ar osgo, codi a chario, neu boen cefn.", False),
        ("I would talk to a well-being champion at work if there were one.",
         "Byddwn i'n siarad â hyrwyddwr llesiant yn y gwaith pe bai un ar gael.", False),
    ]),
]

THEME_CODES = tuple(code for code, _titles, _statements in THEMES)


def create_default_set():
    """The team's question set, added as the default (caller commits)."""
    question_set = QuestionSet(name_en=NAME[0], name_cy=NAME[1], free_text_en=FREE_TEXT[0],
                               free_text_cy=FREE_TEXT[1], is_default=True)
    db.session.add(question_set)
    for position, (code, (title_en, title_cy), statements) in enumerate(THEMES):
        theme = SurveyTheme(code=code, position=position, title_en=title_en, title_cy=title_cy)
        question_set.themes.append(theme)
        for index, (text_en, text_cy, reverse) in enumerate(statements):
            theme.questions.append(SurveyQuestion(position=index, text_en=text_en, text_cy=text_cy,
                                                  reverse_scored=reverse))
    db.session.flush()
    return question_set


def default_set():
    """The set new surveys use: the one marked default, else the newest in use, else the team's, made now.

    The team's set is created only when no set exists at all, so a set an
    administrator removed the default mark from is never silently replaced.
    """
    chosen = db.session.scalar(select(QuestionSet).where(QuestionSet.is_default.is_(True),
                                                         QuestionSet.retired_at.is_(None))
                               .order_by(QuestionSet.id.desc()).limit(1))
    if chosen is not None:
        return chosen
    if db.session.scalar(select(QuestionSet.id).limit(1)) is None:
        return create_default_set()
    return db.session.scalar(select(QuestionSet).where(QuestionSet.retired_at.is_(None))
                             .order_by(QuestionSet.id.desc()).limit(1))


# --- administrators' editing --------------------------------------------------------------

# A theme's code: lower-case letters, digits and underscores, starting with a letter.
THEME_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

register_record_type("survey_question_sets", _l("Survey question set"))
register_record_type("surveys", _l("Staff survey"))
for _action, _words in {
    "survey_question_set_created": _l("Survey question set created"),
    "survey_question_set_changed": _l("Survey question set renamed or its free-text question changed"),
    "survey_question_set_versioned": _l("Survey question set copied into a new version (the old one was in use)"),
    "survey_question_set_made_default": _l("Survey question set made the default"),
    "survey_theme_added": _l("Survey theme added"),
    "survey_theme_changed": _l("Survey theme changed"),
    "survey_theme_moved": _l("Survey theme moved"),
    "survey_theme_removed": _l("Survey theme removed"),
    "survey_question_added": _l("Survey question added"),
    "survey_question_changed": _l("Survey question changed"),
    "survey_question_moved": _l("Survey question moved"),
    "survey_question_removed": _l("Survey question removed"),
    "survey_opened": _l("Staff survey opened"),
    "survey_closed": _l("Staff survey closed early"),
}.items():
    register_action(_action, _words)
for _key, _label in {
    "free_text_en": _l("Free-text question in English"), "free_text_cy": _l("Free-text question in Welsh"),
    "title_en": _l("Title in English"), "title_cy": _l("Title in Welsh"), "code": _l("Code"),
    "description_en": _l("Description in English"), "description_cy": _l("Description in Welsh"),
    "text_en": _l("Statement in English"), "text_cy": _l("Statement in Welsh"),
    "reverse_scored": _l("Agreeing is the worse answer"), "replaces_id": _l("Replaces question set"),
    "question_set_id": _l("Question set"), "theme": _l("Theme"), "direction": _l("Direction"),
    "opens_on": _l("Opens"), "closes_on": _l("Closes"),
}.items():
    register_field(_key, _label)
register_values("direction", {"up": _l("Up"), "down": _l("Down")})

SET_FIELDS = ("name_en", "name_cy", "free_text_en", "free_text_cy")
THEME_FIELDS = ("code", "title_en", "title_cy", "description_en", "description_cy")
QUESTION_FIELDS = ("text_en", "text_cy", "reverse_scored")


@dataclass(frozen=True)
class SetRow:
    """A question set as the administrators' list shows it."""

    question_set: QuestionSet
    themes: int
    questions: int
    surveys: int


def set_rows():
    """Every question set, the current ones first then retired, with its counts (three queries)."""
    sets = db.session.scalars(select(QuestionSet).order_by(QuestionSet.retired_at.is_not(None),
                                                           QuestionSet.id.desc())).all()
    themes = dict(db.session.execute(select(SurveyTheme.question_set_id, func.count())
                                     .group_by(SurveyTheme.question_set_id)).all())
    statements = dict(db.session.execute(select(SurveyTheme.question_set_id, func.count(SurveyQuestion.id))
                                         .join(SurveyQuestion, SurveyQuestion.theme_id == SurveyTheme.id)
                                         .group_by(SurveyTheme.question_set_id)).all())
    surveys = dict(db.session.execute(select(Survey.question_set_id, func.count())
                                      .group_by(Survey.question_set_id)).all())
    return [SetRow(s, themes.get(s.id, 0), statements.get(s.id, 0), surveys.get(s.id, 0)) for s in sets]


def in_use(question_set):
    """True once any survey asks the set: from then on it is never changed, only copied."""
    return db.session.scalar(select(Survey.id).where(Survey.question_set_id == question_set.id).limit(1)) is not None


def themes_of(question_set):
    """The set's themes in order, with their questions loaded (two queries)."""
    return db.session.scalars(select(SurveyTheme).where(SurveyTheme.question_set_id == question_set.id)
                              .order_by(SurveyTheme.position, SurveyTheme.id)
                              .options(selectinload(SurveyTheme.questions))
                              # Positions may have changed in this transaction: reload the order.
                              .execution_options(populate_existing=True)).all()


def _clean(fields, names):
    cleaned = {}
    for name in names:
        value = fields.get(name)
        cleaned[name] = value.strip() if isinstance(value, str) else value
    return cleaned


def create_set(fields, user):
    """A new, empty question set (caller commits)."""
    question_set = QuestionSet(**_clean(fields, SET_FIELDS), created_by_id=user.id)
    db.session.add(question_set)
    db.session.flush()
    record("survey_question_set_created", question_set, actor=user, name_en=question_set.name_en,
           name_cy=question_set.name_cy)
    return question_set


def _copy(question_set, user):
    """A new version of an in-use set, with its themes and questions; the old one retired.

    Returns (the copy, {old theme id: new theme}, {old question id: new question}).
    """
    copy = QuestionSet(**{name: getattr(question_set, name) for name in SET_FIELDS},
                       is_default=question_set.is_default, replaces_id=question_set.id, created_by_id=user.id)
    question_set.is_default = False
    question_set.retired_at = utcnow()
    db.session.add(copy)
    theme_map, question_map = {}, {}
    for position, theme in enumerate(themes_of(question_set)):
        new_theme = SurveyTheme(**{name: getattr(theme, name) for name in THEME_FIELDS}, position=position)
        copy.themes.append(new_theme)
        theme_map[theme.id] = new_theme
        for index, question in enumerate(theme.questions):
            new_question = SurveyQuestion(**{name: getattr(question, name) for name in QUESTION_FIELDS},
                                          position=index)
            new_theme.questions.append(new_question)
            question_map[question.id] = new_question
    db.session.flush()
    record("survey_question_set_versioned", copy, actor=user, replaces_id=question_set.id,
           name_en=copy.name_en)
    return copy, theme_map, question_map


def for_change(question_set, user):
    """The set a change to ``question_set`` is made in: itself, or a new version when a survey uses it.

    Returns (set, {theme id: theme in it}, {question id: question in it}),
    keyed by the ids of ``question_set``'s own rows, so a change asked of an
    old row lands on its copy.
    """
    if question_set.retired_at is not None:
        raise ValueError("a retired question set is never changed")
    if in_use(question_set):
        return _copy(question_set, user)
    themes = themes_of(question_set)
    return (question_set, {theme.id: theme for theme in themes},
            {question.id: question for theme in themes for question in theme.questions})


def _changes(row, fields):
    before = {name: getattr(row, name) for name in fields}
    for name, value in fields.items():
        setattr(row, name, value)
    return {f"{name}_old": before[name] for name in fields if before[name] != fields[name]} | {
        f"{name}_new": fields[name] for name in fields if before[name] != fields[name]}


def update_set(question_set, fields, user):
    """Rename the set or change its free-text question; returns the set changed (caller commits)."""
    fields = _clean(fields, SET_FIELDS)
    if all(getattr(question_set, name) == value for name, value in fields.items()):
        return question_set
    target, _themes, _questions = for_change(question_set, user)
    record("survey_question_set_changed", target, actor=user, **_changes(target, fields))
    return target


def theme_code_taken(question_set, code, theme_id=None):
    """True when another theme of the set already has ``code``."""
    return any(theme.code == code and theme.id != theme_id for theme in themes_of(question_set))


def add_theme(question_set, fields, user):
    """A new theme at the end of the set; returns the set changed (caller commits)."""
    target, themes, _questions = for_change(question_set, user)
    theme = SurveyTheme(**_clean(fields, THEME_FIELDS), position=len(themes))
    target.themes.append(theme)
    db.session.flush()
    record("survey_theme_added", target, actor=user, code=theme.code, title_en=theme.title_en)
    return target


def update_theme(theme, fields, user):
    """Change a theme's code, titles or descriptions; returns the set changed (caller commits)."""
    fields = _clean(fields, THEME_FIELDS)
    if all(getattr(theme, name) == value for name, value in fields.items()):
        return theme.question_set
    target, themes, _questions = for_change(theme.question_set, user)
    changes = _changes(themes[theme.id], fields)
    record("survey_theme_changed", target, actor=user, theme=fields["code"], **changes)
    return target


def _move(rows, row, direction):
    """Swap ``row`` with its neighbour in ``rows`` (in order) and number them again; False at an end."""
    rows = list(rows)
    index = rows.index(row)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, item in enumerate(rows):
        item.position = position
    return True


def move_theme(theme, direction, user):
    """Move a theme up or down the set; returns the set changed (caller commits)."""
    order = [t.id for t in themes_of(theme.question_set)]
    index = order.index(theme.id)
    if (direction == "up" and index == 0) or (direction == "down" and index == len(order) - 1):
        return theme.question_set
    target, themes, _questions = for_change(theme.question_set, user)
    _move([themes[i] for i in order], themes[theme.id], direction)
    record("survey_theme_moved", target, actor=user, theme=theme.code, direction=direction)
    return target


def remove_theme(theme, user):
    """Remove a theme and its questions from the set; returns the set changed (caller commits)."""
    target, themes, _questions = for_change(theme.question_set, user)
    removed = themes[theme.id]
    for question in list(removed.questions):
        db.session.delete(question)
    db.session.delete(removed)
    db.session.flush()
    for position, item in enumerate(themes_of(target)):
        item.position = position
    record("survey_theme_removed", target, actor=user, code=removed.code, title_en=removed.title_en)
    return target


def add_question(theme, fields, user):
    """A new statement at the end of a theme; returns the set changed (caller commits)."""
    target, themes, _questions = for_change(theme.question_set, user)
    into = themes[theme.id]
    question = SurveyQuestion(**_clean(fields, QUESTION_FIELDS), position=len(into.questions))
    into.questions.append(question)
    db.session.flush()
    record("survey_question_added", target, actor=user, theme=into.code, text_en=question.text_en,
           reverse_scored=question.reverse_scored)
    return target


def update_question(question, fields, user):
    """Change a statement's words or whether agreeing is the worse answer; returns the set changed."""
    fields = _clean(fields, QUESTION_FIELDS)
    if all(getattr(question, name) == value for name, value in fields.items()):
        return question.theme.question_set
    target, _themes, questions = for_change(question.theme.question_set, user)
    changes = _changes(questions[question.id], fields)
    record("survey_question_changed", target, actor=user, theme=question.theme.code, **changes)
    return target


def move_question(question, direction, user):
    """Move a statement up or down within its theme; returns the set changed (caller commits)."""
    order = [q.id for theme in themes_of(question.theme.question_set) if theme.id == question.theme_id
             for q in theme.questions]
    index = order.index(question.id)
    if (direction == "up" and index == 0) or (direction == "down" and index == len(order) - 1):
        return question.theme.question_set
    target, _themes, questions = for_change(question.theme.question_set, user)
    _move([questions[i] for i in order], questions[question.id], direction)
    record("survey_question_moved", target, actor=user, theme=question.theme.code, direction=direction,
           text_en=question.text_en)
    return target


def remove_question(question, user):
    """Remove a statement from its theme; returns the set changed (caller commits)."""
    theme_id = question.theme_id
    target, themes, questions = for_change(question.theme.question_set, user)
    removed = questions[question.id]
    theme = themes[theme_id]
    theme.questions.remove(removed)
    db.session.delete(removed)
    for position, item in enumerate(theme.questions):
        item.position = position
    db.session.flush()
    record("survey_question_removed", target, actor=user, theme=theme.code, text_en=removed.text_en)
    return target


def make_default(question_set, user):
    """Make the set the one new surveys ask; False when it is retired or asks nothing (caller commits)."""
    if question_set.retired_at is not None or not any(theme.questions for theme in themes_of(question_set)):
        return False
    if question_set.is_default:
        return True
    for other in db.session.scalars(select(QuestionSet).where(QuestionSet.is_default.is_(True))):
        other.is_default = False
    question_set.is_default = True
    record("survey_question_set_made_default", question_set, actor=user, name_en=question_set.name_en)
    return True
