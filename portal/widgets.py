"""GOV.UK Frontend widgets for WTForms, with their built-in text translated.

``govuk-frontend-wtf`` and the GOV.UK macros carry English defaults ("Error",
"Day", "Show"); every form in the portal uses these subclasses so that text
comes from our catalogue in the page's language.
"""

from flask_babel import gettext as _
from govuk_frontend_wtf import wtforms_widgets as gov


class _Translated:
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        if "errorMessage" in params:
            params["errorMessage"]["visuallyHiddenText"] = _("Error")
        return params


class TextInput(_Translated, gov.GovTextInput):
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


class TextArea(_Translated, gov.GovTextArea):
    pass


class _NotRequiredOnTheWrapper:
    """Radios, checkboxes and date inputs put their attributes on a wrapping ``div``,
    where ``required`` is invalid HTML; the server checks the answer anyway."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.get("attributes", {}).pop("required", None)
        return params


class Select(_Translated, gov.GovSelect):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        # A required select must start with an empty placeholder option (HTML rule);
        # lists that start with a real answer are checked by the server only.
        items = params.get("items") or []
        if items and items[0].get("value") not in ("", None):
            params.get("attributes", {}).pop("required", None)
        return params


class RadioInput(_NotRequiredOnTheWrapper, _Translated, gov.GovRadioInput):
    pass


class CheckboxesInput(_NotRequiredOnTheWrapper, _Translated, gov.GovCheckboxesInput):
    pass


class CheckboxInput(_Translated, gov.GovCheckboxInput):
    pass


class FileInput(_Translated, gov.GovFileInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("chooseFilesButtonText", _("Choose file"))
        params.setdefault("noFileChosenText", _("No file chosen"))
        params.setdefault("dropInstructionText", _("or drop file"))
        return params


class SubmitInput(gov.GovSubmitInput):
    """A submit button without an ``id``: pages with several forms would repeat ``id="submit"``."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.pop("id", None)
        return params


class DateInput(_NotRequiredOnTheWrapper, _Translated, gov.GovDateInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item, label in zip(params["items"], (_("Day"), _("Month"), _("Year")), strict=False):
            item["label"] = label
        return params
