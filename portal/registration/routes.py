"""The registration journey. Employers only, except creating the account and verifying it."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from portal.accounts.services import user_by_email
from portal.accounts.session import start_session
from portal.eligibility import services as eligibility
from portal.extensions import db
from portal.i18n import current_lang
from portal.organisations import services as organisations
from portal.ratelimit import per_address, per_key, submitted_email
from portal.registration import services
from portal.registration.forms import (
    AccountForm,
    ChangeEmailForm,
    ResendEmailForm,
    ResendForm,
    SubmitRegistrationForm,
    SwitchAccountForm,
)
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


def _current_account():
    return f"user:{current_user.id}" if current_user.is_authenticated else ""


@bp.route("/account", methods=["GET", "POST"])
@public
@per_address("REGISTRATION_LIMIT_PER_ADDRESS", methods=["POST"])
@per_key("REGISTRATION_LIMIT_PER_EMAIL", submitted_email, methods=["POST"])
def create_account():
    form = AccountForm()
    carried = services.carried(request.values)
    if form.validate_on_submit():
        token = organisations.create_account(form.full_name.data, form.email.data, form.password.data,
                                             current_lang())
        created = user_by_email(form.email.data) if token is not None else None
        if created is not None:
            services.prefill_draft(created, carried)
        db.session.commit()
        _remember_registration(form.email.data, form.full_name.data, created.id if created else None)
        # The same page whether or not the address already had an account.
        return _check_email_page()
    return render_template("registration/account.html", form=form, carried=carried)


# The "check your email" page remembers, in this browser's signed session, the
# address typed and the account created (none when the address already had one),
# so it can send the e-mail again or correct the address without asking who you are.
PENDING = "registration_pending"


def _remember_registration(email, full_name, user_id):
    session[PENDING] = {"email": email.strip(), "name": full_name.strip(), "user_id": user_id}


def _pending():
    pending = session.get(PENDING)
    return pending if isinstance(pending, dict) and pending.get("email") else None


def _pending_email():
    pending = _pending()
    return pending["email"].lower() if pending else ""


def _check_email_page():
    return render_template("registration/check_email.html", email=_pending()["email"], resend_form=ResendEmailForm())


@bp.route("/check-email")
@public
def check_email():
    if _pending() is None:
        return redirect(url_for("registration.create_account"))
    return _check_email_page()


@bp.route("/check-email/resend", methods=["POST"])
@public
@per_address("VERIFICATION_RESEND_LIMIT_PER_ADDRESS")
@per_key("VERIFICATION_RESEND_LIMIT_PER_ACCOUNT", _pending_email)
def resend_email():
    form = ResendEmailForm()
    pending = _pending()
    if pending is None:
        return redirect(url_for("registration.create_account"))
    if form.validate_on_submit():
        organisations.resend_registration_email(pending["email"])
        db.session.commit()
        flash(_("We have sent the email again"))
    return redirect(url_for("registration.check_email"))


@bp.route("/check-email/change", methods=["GET", "POST"])
@public
@per_address("REGISTRATION_LIMIT_PER_ADDRESS", methods=["POST"])
@per_key("REGISTRATION_LIMIT_PER_EMAIL", submitted_email, methods=["POST"])
def change_email():
    pending = _pending()
    if pending is None:
        return redirect(url_for("registration.create_account"))
    form = ChangeEmailForm()
    if form.validate_on_submit():
        done, user_id = organisations.correct_registration_email(
            pending["user_id"], pending["name"], form.email.data, form.password.data, current_lang())
        if done:
            db.session.commit()
            _remember_registration(form.email.data, pending["name"], user_id)
            flash(_("We have sent a new email to %(email)s", email=form.email.data.strip()))
            return redirect(url_for("registration.check_email"))
        form.password.errors = [_("The password is not correct")]
    elif request.method == "GET":
        form.email.data = pending["email"]
    return render_template("registration/change_email.html", form=form)


@bp.route("/verify/<token>", methods=["GET", "POST"])
@public
def verify_email(token):
    pending = organisations.pending_verification(token)
    if pending is None:
        return render_template("registration/verify_invalid.html"), 410
    form = SwitchAccountForm()
    switching = current_user.is_authenticated and current_user.id != pending.user_id
    if switching and not form.validate_on_submit():
        # Signed in as someone else: ask before signing them out (the POST carries CSRF).
        return render_template("registration/verify_switch.html", form=form, other=pending.user)
    user = organisations.verify_email(token)
    session.pop(PENDING, None)
    start_session(user)
    db.session.commit()
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
@per_address("VERIFICATION_RESEND_LIMIT_PER_ADDRESS")
@per_key("VERIFICATION_RESEND_LIMIT_PER_ACCOUNT", _current_account)
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
    if form.validate_on_submit() and not services.step_errors(step, form, draft.answers):
        answers = {**draft.answers, **services.answers_from(step, form)}
        warning = services.warning_for(step, answers) or services.postcode_warning(step, answers)
        services.save_step(current_user, step, form)
        db.session.commit()
        if warning and request.form.get("warned") != services.warning_key(step, answers):
            # Say it on this question, before anything else is asked; "continue" again goes on.
            return redirect(url_for("registration.question", slug=step.slug, change="1" if changing else None))
        following = services.step_after(step)
        if changing or following is None:
            return redirect(url_for("registration.check"))
        if following.section != step.section:
            return redirect(url_for("registration.tasks"))
        return redirect(url_for("registration.question", slug=following.slug))
    db.session.commit()
    warning = services.warning_for(step, draft.answers)
    postcode_warning = services.postcode_warning(step, draft.answers)
    return render_template("registration/question.html", form=form, step=step, changing=changing, warning=warning,
                           postcode_warning=postcode_warning, postcode=draft.answers.get("postcode"),
                           warned=services.warning_key(step, draft.answers)
                           if warning or postcode_warning else None)


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
            # An empty draft may mean a request sent at the same time has just
            # registered the organisation (and removed the draft): look again.
            db.session.refresh(current_user)
            done = _already_registered()
            if done:
                return done
            form.submit.errors = [_("Answer every question before you register")]
        elif current_user.email_verified_at is None:
            form.submit.errors = [_("Confirm your email address first: use the link we sent you")]
        else:
            key = draft.idempotency_key
            # The draft goes once registered: keep the event chosen before registering.
            return_to = safe_next_url(draft.answers.get("return_to"))
            try:
                organisations.submit_registration(current_user, draft)
                db.session.commit()
            except organisations.DuplicateOrganisation as exc:
                if organisations.registered_from(key) is not None:
                    # Not a duplicate but this very draft, registered by a request sent at the same time.
                    db.session.rollback()
                    return redirect(url_for("registration.confirmation", next=return_to))
                duplicate = exc.organisation
                form.submit.errors = [_("%(name)s is already registered with Healthy Working Wales",
                                        name=duplicate.name)]
            except IntegrityError:
                # The same draft sent twice at once: the other request registered it first.
                db.session.rollback()
                if organisations.registered_from(key) is None:
                    raise
                return redirect(url_for("registration.confirmation", next=return_to))
            else:
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
                           summary=eligibility.overview(organisation),
                           return_to=safe_next_url(request.args.get("next")))
