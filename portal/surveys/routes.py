"""Staff survey pages: the questions staff answer without an account (public), and the
employer's (or champion's) surveys, their sharing page, QR code and poster.

The answers live in this browser's signed session until they are sent, and
are removed from it as soon as they are. Once sent, a cookie scoped to the
survey's pages holds a random token whose hash says "this browser answered".
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

# Importing the hooks registers the feature's merge rules.
import portal.surveys.hooks  # noqa: F401
from portal.extensions import db
from portal.i18n import current_lang
from portal.qrcodes import qr_png, qr_svg_inline
from portal.ratelimit import per_address
from portal.security import Role, organisation_required, public, role_required
from portal.surveys import poster, services
from portal.surveys.forms import SCALE_WORDS, CloseSurveyForm, CommentForm, OpenSurveyForm, SendForm, theme_form
from portal.surveys.results import smallest_group

bp = Blueprint("surveys", __name__, template_folder="templates")

# One survey in progress per browser: another survey's start page begins afresh.
IN_PROGRESS = "staff_survey"
# The cookie saying this browser answered; one per language's pages, as cookie paths are.
ANSWERED_COOKIE = "survey_answered"
ANSWERED_COOKIE_DAYS = 365
LANGUAGES = ("cy", "en")


# --- staff answering ----------------------------------------------------------------------


def _gate(code, refuse_answered=True):
    """(survey, None) when ``code``'s survey can be answered here, else (survey or None, the page to show)."""
    survey = services.survey_for_code(code)
    if survey is None:
        return None, (render_template("surveys/not_found.html"), 404)
    if refuse_answered and services.has_answered(survey, request.cookies.get(ANSWERED_COOKIE)):
        return survey, render_template("surveys/answered.html", survey=survey)
    state = services.status(survey)
    if state != services.SurveyStatus.OPEN:
        return survey, render_template("surveys/unavailable.html", survey=survey, state=state,
                                       last_day=services.survey_dates(survey)[1])
    return survey, None


def _progress(code):
    """This browser's answers to the survey behind ``code`` (empty when it started another one)."""
    progress = session.get(IN_PROGRESS)
    if not isinstance(progress, dict) or progress.get("code") != code:
        return {"code": code, "answers": {}, "done": [], "comment": None}
    progress.setdefault("answers", {})
    progress.setdefault("done", [])
    progress.setdefault("comment", None)
    return progress


def _save(progress):
    session[IN_PROGRESS] = progress


def _steps(survey, pages):
    """The survey's pages in order: ("questions", theme code) for each theme, then the free-text page."""
    steps = [("questions", page.code) for page in pages]
    if services.free_text_question(services.question_set_of(survey), current_lang()):
        steps.append(("comments", None))
    return steps


def _step_url(code, step, **values):
    kind, theme = step
    if kind == "questions":
        return url_for("surveys.questions", code=code, theme=theme, **values)
    return url_for("surveys.comments", code=code, **values)


def _unfinished(progress, steps):
    """The first step not answered yet, or None when every one is."""
    for step in steps:
        kind, theme = step
        if (kind == "questions" and theme not in progress["done"]) or (kind == "comments"
                                                                        and progress["comment"] is None):
            return step
    return None


def _after(code, progress, steps, index):
    """Where "Continue" leads from step ``index``: the check page when changing or when all is answered."""
    if request.args.get("change") == "1":
        return url_for("surveys.check", code=code)
    following = _unfinished(progress, steps[index + 1:]) or _unfinished(progress, steps)
    return _step_url(code, following) if following else url_for("surveys.check", code=code)


def _back(code, steps, index):
    if request.args.get("change") == "1":
        return url_for("surveys.check", code=code)
    return _step_url(code, steps[index - 1]) if index else url_for("surveys.start", code=code)


@bp.route("/survey/<code>/")
@public
def start(code):
    survey, refusal = _gate(code)
    if refusal:
        return refusal
    pages = services.theme_pages(survey.question_set_id, current_lang())
    steps = _steps(survey, pages)
    return render_template("surveys/start.html", survey=survey, first=_step_url(code, steps[0]) if steps else None,
                           themes=[page.title for page in pages], smallest=smallest_group(),
                           last_day=services.survey_dates(survey)[1])


@bp.route("/survey/<code>/questions/<theme>", methods=["GET", "POST"])
@public
def questions(code, theme):
    survey, refusal = _gate(code)
    if refusal:
        return refusal
    pages = services.theme_pages(survey.question_set_id, current_lang())
    steps = _steps(survey, pages)
    index = next((i for i, step in enumerate(steps) if step == ("questions", theme)), None)
    if index is None:
        abort(404)
    page = pages[index]
    progress = _progress(code)
    answers = progress["answers"]
    form = theme_form(page, {s.id: answers[str(s.id)] for s in page.statements if str(s.id) in answers})
    if form.validate_on_submit():
        for statement in page.statements:
            answers[str(statement.id)] = form[f"q{statement.id}"].data
        progress["done"] = sorted({*progress["done"], page.code})
        _save(progress)
        return redirect(_after(code, progress, steps, index))
    return render_template("surveys/questions.html", survey=survey, page=page, form=form, number=index + 1,
                           total=len(steps), back=_back(code, steps, index))


@bp.route("/survey/<code>/comments", methods=["GET", "POST"])
@public
def comments(code):
    survey, refusal = _gate(code)
    if refusal:
        return refusal
    question = services.free_text_question(services.question_set_of(survey), current_lang())
    if question is None:
        abort(404)
    steps = _steps(survey, services.theme_pages(survey.question_set_id, current_lang()))
    index = len(steps) - 1
    progress = _progress(code)
    form = CommentForm(data={"comment": progress["comment"] or ""})
    form.comment.label.text = question
    if form.validate_on_submit():
        progress["comment"] = (form.comment.data or "").strip()
        _save(progress)
        return redirect(_after(code, progress, steps, index))
    return render_template("surveys/comments.html", survey=survey, form=form, number=index + 1, total=len(steps),
                           back=_back(code, steps, index))


def _answer_rows(code, pages, progress):
    """Per theme: (title, [(statement, the answer in words)], the link to change it)."""
    answers = progress["answers"]
    return [
        (page.title, [(s.text, SCALE_WORDS.get(answers.get(str(s.id)), _("Not given"))) for s in page.statements],
         url_for("surveys.questions", code=code, theme=page.code, change=1))
        for page in pages
    ]


def _remember_answered(response, code, token):
    """Set the "this browser answered" cookie on the survey's pages in both languages."""
    for lang in LANGUAGES:
        response.set_cookie(
            ANSWERED_COOKIE, token, max_age=ANSWERED_COOKIE_DAYS * 24 * 3600,
            path=url_for("surveys.start", code=code, lang=lang), httponly=True, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


@bp.route("/survey/<code>/check", methods=["GET", "POST"])
@public
@per_address("SURVEY_LIMIT_PER_ADDRESS", methods=["POST"])
def check(code):
    survey, refusal = _gate(code)
    if refusal:
        return refusal
    pages = services.theme_pages(survey.question_set_id, current_lang())
    steps = _steps(survey, pages)
    progress = _progress(code)
    missing = _unfinished(progress, steps)
    if missing is not None:
        return redirect(_step_url(code, missing))
    form = SendForm()
    if form.validate_on_submit():
        session.pop(IN_PROGRESS, None)
        response = redirect(url_for("surveys.sent", code=code))
        # Filled in by software: told the same as a person, and nothing is kept.
        if form.filled_by_software():
            current_app.logger.info("survey honeypot filled; nothing stored")
            return response
        token = services.submit_response(survey, progress["answers"], progress["comment"] or "")
        db.session.commit()
        return _remember_answered(response, code, token)
    question = services.free_text_question(services.question_set_of(survey), current_lang())
    return render_template("surveys/check.html", survey=survey, form=form, rows=_answer_rows(code, pages, progress),
                           question=question, comment=progress["comment"], back=_step_url(code, steps[-1]))


@bp.route("/survey/<code>/sent")
@public
def sent(code):
    survey, refusal = _gate(code, refuse_answered=False)
    if survey is None:
        return refusal
    return render_template("surveys/sent.html", survey=survey, smallest=smallest_group())


# --- the employer's surveys ---------------------------------------------------------------

employer_or_champion = role_required(Role.EMPLOYER, Role.CHAMPION)


def _organisation_id():
    return current_user.organisation_id or abort(404)


def _survey(survey_id):
    return services.survey_for(current_user, survey_id) or abort(404)


@bp.route("/organisation/surveys")
@employer_or_champion
@organisation_required
def index():
    organisation_id = _organisation_id()
    return render_template("surveys/index.html", rows=services.surveys_of(organisation_id),
                           current=services.current_survey(organisation_id), words=services.STATUS_WORDS)


@bp.route("/organisation/surveys/new", methods=["GET", "POST"])
@employer_or_champion
@organisation_required
def new():
    organisation_id = _organisation_id()
    current = services.current_survey(organisation_id)
    form = OpenSurveyForm()
    if current is None and form.validate_on_submit():
        try:
            survey = services.open_survey(organisation_id, form.opens_on.data, form.closes_on.data, current_user)
        except services.SurveyRefused as refused:
            field = form[refused.field] if refused.field else form.opens_on
            field.errors = [*field.errors, refused.message]
        else:
            db.session.commit()
            flash(_("Your survey is ready to share"))
            return redirect(url_for("surveys.share", survey_id=survey.id))
    return render_template("surveys/new.html", form=form, current=current,
                           longest=services.LONGEST_RUN_MONTHS)


@bp.route("/organisation/surveys/<int:survey_id>")
@employer_or_champion
@organisation_required
def share(survey_id):
    survey = _survey(survey_id)
    state = services.status(survey)
    lang = current_lang()
    return render_template(
        "surveys/share.html", survey=survey, state=state, words=services.STATUS_WORDS,
        urls={code: services.survey_url(survey, code) for code in LANGUAGES},
        qr=qr_svg_inline(services.survey_url(survey, lang), _("QR code that opens the survey in the language of "
                                                               "this page")),
        responses=services.response_counts([survey.id]).get(survey.id, 0), smallest=smallest_group(),
        last_day=services.survey_dates(survey)[1],
    )


@bp.route("/organisation/surveys/<int:survey_id>/qr-code.png")
@employer_or_champion
@organisation_required
def qr_code(survey_id):
    survey = _survey(survey_id)
    lang = current_lang()
    response = current_app.response_class(qr_png(services.survey_url(survey, lang), scale=16).getvalue(),
                                          mimetype="image/png")
    response.headers["Content-Disposition"] = f'attachment; filename="survey-qr-code-{lang}.png"'
    return response


@bp.route("/organisation/surveys/<int:survey_id>/poster.pdf")
@employer_or_champion
@organisation_required
def poster_pdf(survey_id):
    survey = _survey(survey_id)
    urls = {lang: services.survey_url(survey, lang) for lang in LANGUAGES}
    response = current_app.response_class(poster.poster_pdf(survey, urls), mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="staff-survey-poster.pdf"'
    return response


@bp.route("/organisation/surveys/<int:survey_id>/close", methods=["GET", "POST"])
@employer_or_champion
@organisation_required
def close(survey_id):
    survey = _survey(survey_id)
    if services.status(survey) == services.SurveyStatus.CLOSED:
        return redirect(url_for("surveys.share", survey_id=survey.id))
    form = CloseSurveyForm()
    if form.validate_on_submit():
        services.close_survey(survey, current_user)
        db.session.commit()
        flash(_("The survey is closed: no more answers are taken"))
        return redirect(url_for("surveys.share", survey_id=survey.id))
    return render_template("surveys/close.html", survey=survey, form=form,
                           responses=services.response_counts([survey.id]).get(survey.id, 0))
