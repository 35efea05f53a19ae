"""The registration journey. Employers only, except creating the account and verifying it."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.accounts.services import user_by_email
from portal.extensions import db
from portal.i18n import current_lang
from portal.organisations import services as organisations
from portal.registration import services
from portal.registration.forms import AccountForm, ResendForm, SubmitRegistrationForm
from portal.security import Role, public, role_required, safe_next_url

bp = Blueprint("registration", __name__, template_folder="templates")
employer = role_required(Role.EMPLOYER)


def _already_registered():
    if current_user.organisation_id is not None:
        return redirect(url_for("organisations.overview"))
    return None


@bp.route("/")
@public
def start():
    # Answers from the eligibility checker, and the event the visitor chose, go along.
    carried = services.carried(request.args)
    return render_template("registration/start.html", carried=carried)


@bp.route("/account", methods=["GET", "POST"])
@public
def create_account():
    form = AccountForm()
    carried = services.carried(request.values)
    if form.validate_on_submit():
        token = organisations.create_account(form.full_name.data, form.email.data, form.password.data,
                                             current_lang())
        if token is not None:
            services.prefill_draft(user_by_email(form.email.data), carried)
        db.session.commit()
        # The same page whether or not the address already had an account.
        return render_template("registration/check_email.html", email=form.email.data)
    return render_template("registration/account.html", form=form, carried=carried)


@bp.route("/verify/<token>")
@public
def verify_email(token):
    user = organisations.verify_email(token)
    if user is None:
        return render_template("registration/verify_invalid.html"), 410
    db.session.commit()
    login_user(user)
    flash(_("Your email address has been confirmed"))
    if user.role == Role.EMPLOYER and user.organisation_id is None:
        return redirect(url_for("registration.tasks"))
    return redirect(url_for("pages.account"))


@bp.route("/tasks")
@employer
def tasks():
    done = _already_registered()
    if done:
        return done
    draft = organisations.draft_for(current_user)
    db.session.commit()
    return render_template(
        "registration/tasks.html", sections=services.section_statuses(draft.answers),
        complete=services.complete(draft.answers), resend_form=ResendForm(),
    )


@bp.route("/resend", methods=["POST"])
@employer
def resend_verification():
    form = ResendForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.email_verified_at is None:
        organisations.send_verification(current_user)
        db.session.commit()
    flash(_("We have sent the link again. Check your email."))
    return redirect(url_for("registration.tasks"))


@bp.route("/questions/<slug>", methods=["GET", "POST"])
@employer
def question(slug):
    done = _already_registered()
    if done:
        return done
    step = services.STEPS_BY_SLUG.get(slug) or abort(404)
    draft = organisations.draft_for(current_user)
    changing = request.args.get("change") == "1"
    form = services.build_form(step, draft.answers, submitted=request.method == "POST")
    if form.validate_on_submit():
        services.save_step(current_user, step, form)
        db.session.commit()
        following = services.step_after(step)
        if changing or following is None:
            return redirect(url_for("registration.check"))
        if following.section != step.section:
            return redirect(url_for("registration.tasks"))
        return redirect(url_for("registration.question", slug=following.slug))
    db.session.commit()
    return render_template("registration/question.html", form=form, step=step, changing=changing)


@bp.route("/check", methods=["GET", "POST"])
@employer
def check():
    done = _already_registered()
    if done:
        return done
    draft = organisations.draft_for(current_user)
    form = SubmitRegistrationForm()
    duplicate = None
    if form.validate_on_submit():
        if not services.complete(draft.answers):
            form.submit.errors = [_("Answer every question before you register")]
        elif current_user.email_verified_at is None:
            form.submit.errors = [_("Confirm your email address first: use the link we sent you")]
        else:
            # The draft goes once registered: keep the event chosen before registering.
            return_to = safe_next_url(draft.answers.get("return_to"))
            try:
                organisations.submit_registration(current_user, draft.answers)
            except organisations.DuplicateOrganisation as exc:
                duplicate = exc.organisation
                form.submit.errors = [_("%(name)s is already registered with Healthy Working Wales",
                                        name=duplicate.name)]
            else:
                db.session.commit()
                return redirect(url_for("registration.confirmation", next=return_to))
    db.session.commit()
    return render_template("registration/check.html", form=form, rows=services.summary_rows(draft.answers),
                           duplicate=duplicate)


@bp.route("/confirmation")
@employer
def confirmation():
    organisation = current_user.organisation
    if organisation is None:
        return redirect(url_for("registration.tasks"))
    return render_template("registration/confirmation.html", organisation=organisation,
                           return_to=safe_next_url(request.args.get("next")))
