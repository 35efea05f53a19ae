"""GOV.UK Frontend widgets for WTForms, with their built-in text translated.

``govuk-frontend-wtf`` and the GOV.UK macros carry English defaults ("Error",
"Day", "Show"); every form in the portal uses these subclasses so that text
comes from our catalogue in the page's language.
"""

from flask import current_app
from flask_babel import gettext as _
from govuk_frontend_wtf import wtforms_widgets as gov
from markupsafe import Markup

# Rendered choice widgets, keyed by everything their HTML depends on. Bounded:
# emptied when full, which a handful of forms in two languages never reach.
_RENDERED = {}
_RENDERED_MAX = 2048


def _key(params):
    """The cache key of widget params: their ``repr``, in which different params never compare equal.

    Markup, lazy and plain text render differently and their reprs differ
    (``Markup('x')``, ``l'x'``, ``'x'``), as do ``True`` and ``1``; a lazy
    string's repr is its text in the page's language. An object shown only by
    its address could be another object later at the same address, so params
    holding one are never kept (None). ``repr`` is several times quicker than
    walking the params in Python, and keys are built on every render.
    """
    key = repr(params)
    return None if " at 0x" in key else key


class _Direct:
    def render(self, params):
        # The widget templates only call a GOV.UK macro with ``params``. Flask's
        # render_template would run every context processor and signal for each
        # field, as for a whole page; the same template through Jinja gives the
        # same HTML for a fraction of the work.
        html = current_app.jinja_env.get_template(self.template).render(params=params)
        return Markup(html)  # noqa: S704  # nosec B704 - autoescaped template output, as the library marks it


class _Cached(_Direct):
    """Choice widgets: the same params always give the same HTML, so render each once.

    The key is the whole of the params (labels and hints in the page's language,
    the choices, which are selected, any error), so a page only ever gets the
    HTML its own params would render; nothing typed by a user is in a choice
    widget's params beyond which listed choice they picked.
    """

    def render(self, params):
        key = _key(params)
        if key is None:
            return super().render(params)
        key = (self.template, key)
        html = _RENDERED.get(key)
        if html is None:
            if len(_RENDERED) >= _RENDERED_MAX:
                _RENDERED.clear()
            html = _RENDERED[key] = super().render(params)
        return html


class _CachedWhenBlank(_Cached):
    """Text and date inputs: kept like choice widgets, but only while blank and without an error.

    A blank field (a booking form's empty attendee rows, a filter form's "from"
    and "to") renders the same for everyone; once anything is typed, or the
    field has an error to show, it is rendered for that request alone, so
    nothing a user typed is ever kept.
    """

    def render(self, params):
        typed = params.get("value") not in (None, "") or any(
            item.get("value") not in (None, "") for item in params.get("items") or ())
        if typed or "errorMessage" in params:
            return _Direct.render(self, params)
        return super().render(params)


class _Translated(_Direct):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        if "errorMessage" in params:
            params["errorMessage"]["visuallyHiddenText"] = _("Error")
        return params


class TextInput(_Translated, _CachedWhenBlank, gov.GovTextInput):
    pass


class PasswordInput(_Translated, gov.GovPasswordInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.update(
            {
                "showPasswordText": _("Show"),
                "hidePasswordText": _("Hide"),
                "showPasswordAriaLabelText": _("Show password"),
                "hidePasswordAriaLabelText": _("Hide password"),
                "passwordShownAnnouncementText": _("Your password is visible"),
                "passwordHiddenAnnouncementText": _("Your password is hidden"),
            }
        )
        return params


class TextArea(_Translated, _CachedWhenBlank, gov.GovTextArea):
    pass


class _NotRequiredOnTheWrapper:
    """Radios, checkboxes and date inputs put their attributes on a wrapping ``div``,
    where ``required`` is invalid HTML; the server checks the answer anyway."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.get("attributes", {}).pop("required", None)
        return params


class Select(_Translated, _Cached, gov.GovSelect):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        # A required select must start with an empty placeholder option (HTML rule);
        # lists that start with a real answer are checked by the server only.
        items = params.get("items") or []
        if items and items[0].get("value") not in ("", None):
            params.get("attributes", {}).pop("required", None)
        return params


class RadioInput(_NotRequiredOnTheWrapper, _Translated, _Cached, gov.GovRadioInput):
    pass


class CheckboxesInput(_NotRequiredOnTheWrapper, _Translated, _Cached, gov.GovCheckboxesInput):
    pass


class CheckboxInput(_Translated, _Cached, gov.GovCheckboxInput):
    pass


class FileInput(_Translated, gov.GovFileInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("chooseFilesButtonText", _("Choose file"))
        params.setdefault("noFileChosenText", _("No file chosen"))
        params.setdefault("dropInstructionText", _("or drop file"))
        return params


class SubmitInput(_Cached, gov.GovSubmitInput):
    """A submit button without an ``id``: pages with several forms would repeat ``id="submit"``."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.pop("id", None)
        return params


class DateInput(_NotRequiredOnTheWrapper, _Translated, _CachedWhenBlank, gov.GovDateInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item, label in zip(params["items"], (_("Day"), _("Month"), _("Year")), strict=False):
            item["label"] = label
        return params
