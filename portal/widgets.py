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


class Select(_Translated, gov.GovSelect):
    pass


class RadioInput(_Translated, gov.GovRadioInput):
    pass


class CheckboxesInput(_Translated, gov.GovCheckboxesInput):
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
    pass


class DateInput(_Translated, gov.GovDateInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item, label in zip(params["items"], (_("Day"), _("Month"), _("Year")), strict=False):
            item["label"] = label
        return params
