"""Accepting an invitation: the one view body every kind of invitation uses.

Staff invitations, colleague invitations and invitations to claim an organisation
staff recorded all end the same way: a valid link shows the account form, a valid
form creates the account, signs it in and says welcome; a used, expired or
unknown link is a 410. Each kind supplies an :class:`InvitationService`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for

from portal.accounts.forms import AcceptInvitationForm
from portal.accounts.session import start_session
from portal.extensions import db
from portal.i18n import current_lang


@dataclass(frozen=True)
class InvitationService:
    """What differs between kinds of invitation.

    ``find(token)`` returns the usable invitation or None; ``accept(token,
    full_name, password, lang)`` creates the account and returns the user (None
    if the link or address became unusable); ``welcome(invitation)`` is the
    message shown after. The account form is one page for every kind:
    ``heading()`` is its title and ``h1``, ``caption(invitation)`` the line above
    it (or None) and ``explain(invitation)`` its paragraphs. ``invalid_template``
    is the page for an unusable link.
    """

    find: Callable
    accept: Callable
    welcome: Callable
    heading: Callable
    explain: Callable
    invalid_template: str
    caption: Callable = lambda invitation: None
    next_endpoint: str = "pages.account"


def accept_invitation_view(token, service):
    """The whole GET/POST view of an invitation link, for ``service``'s kind of invitation."""
    invitation = service.find(token)
    if invitation is None:
        return render_template(service.invalid_template), 410
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        # Words from the invitation before accepting it uses it up.
        welcome = service.welcome(invitation)
        user = service.accept(token, form.full_name.data, form.password.data, current_lang())
        if user is None:
            return render_template(service.invalid_template), 410
        start_session(user)
        db.session.commit()
        flash(welcome)
        return redirect(url_for(service.next_endpoint))
    return render_template("accounts/accept_invitation.html", form=form, heading=service.heading(),
                           caption=service.caption(invitation), paragraphs=service.explain(invitation))
