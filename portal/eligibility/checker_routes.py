""""Can my organisation use this?": public question pages and the answer, nothing stored.

Thin views: the answers are read from the query string, checked by the
forms, and answered by :mod:`portal.eligibility.checker`.
"""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from portal.eligibility import checker
from portal.eligibility.checker_forms import FORMS
from portal.eligibility.labels import KIND_LABELS
from portal.i18n import current_lang, welsh_sort_key
from portal.reference.services import local_authorities
from portal.security import cache_publicly, public

bp = Blueprint("checker", __name__, template_folder="templates")

TITLES = {
    "where": lambda answers: _("Where is your organisation?"),
    "authority": lambda answers: (_("Which local authority is your organisation in?")
                                  if answers.where == checker.IN_WALES
                                  else _("In which local authority in Wales do you employ most of your staff?")),
    "employees": lambda answers: _("How many people does your organisation employ?"),
    "group": lambda answers: _("Is your organisation part of a larger group?"),
    "group-size": lambda answers: _("How many people does the whole group employ?"),
}


def _authorities():
    """The Welsh local authorities in the page's alphabet (Welsh order on Welsh pages)."""
    authorities = local_authorities()
    if current_lang() == "cy":
        return sorted(authorities, key=lambda a: welsh_sort_key(a.name_cy))
    return authorities


def _answers(authorities):
    return checker.Answers.parse(request.args, {a.id for a in authorities})


def _next_url(answers):
    following = answers.first_unanswered()
    if following is None:
        return url_for("checker.result", **answers.as_args())
    return url_for("checker.question", question=following, **answers.as_args())


@bp.route("/")
@public
@cache_publicly
def start():
    return render_template("checker/start.html")


@bp.route("/questions/<question>")
@public
@cache_publicly
def question(question):
    form_class = FORMS.get(question) or abort(404)
    authorities = _authorities()
    answers = _answers(authorities)
    if not answers.needs(question):
        return redirect(_next_url(answers))
    submitted = "submit" in request.args
    form = form_class(formdata=request.args if submitted else None, data=answers.as_args())
    if hasattr(form, "authority"):
        form.authority.choices = [SelectChoice("", _("Select a local authority"))] + [
            SelectChoice(str(a.id), a.name) for a in authorities
        ]
        form.authority.label.text = TITLES["authority"](answers)
    if submitted and form.validate():
        return redirect(_next_url(answers))
    field_name = question.replace("-", "_")
    hidden = {name: value for name, value in answers.as_args().items() if name != field_name}
    back = _back_url(question, answers)
    return render_template("checker/question.html", form=form, field_name=field_name, hidden=hidden, back=back,
                           title=TITLES[question](answers))


def _back_url(question, answers):
    """The previous question that applies, or the checker's start page."""
    index = checker.QUESTIONS.index(question)
    for earlier in reversed(checker.QUESTIONS[:index]):
        if answers.needs(earlier):
            return url_for("checker.question", question=earlier, **answers.as_args())
    return url_for("checker.start")


@bp.route("/result")
@public
@cache_publicly
def result():
    authorities = _authorities()
    answers = _answers(authorities)
    if answers.first_unanswered() is not None:
        return redirect(_next_url(answers))
    assessment = checker.assess(answers)
    args = answers.as_args()
    return render_template(
        "checker/result.html", answers=answers, assessment=assessment, kinds=KIND_LABELS,
        authority=checker.authority_name(answers), change_url=url_for("checker.question", question="where", **args),
        register_url=url_for("registration.start", **args),
    )
