"""Forms every feature uses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from portal.widgets import SubmitInput


class ActionForm(FlaskForm):
    """A button that posts (cancel, accept): only the CSRF token is checked."""

    submit = SubmitField(_l("Confirm"), widget=SubmitInput())
