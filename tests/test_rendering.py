"""The rendering shortcuts (portal/i18n.py, portal/widgets.py) give exactly the long way's HTML."""

from flask import g, render_template_string
from flask_babel import lazy_gettext, refresh
from govuk_frontend_wtf.gov_form_base import GovFormBase
from markupsafe import Markup

from portal import widgets

TEMPLATE = (
    '{{ _("Sign in") }}|{{ _("Error:") }}|{{ gettext("Skip to main content") }}|'
    '{{ ngettext("%(num)s event found", "%(num)s events found", 2, num="2") }}|'
    '{{ ngettext("%(num)s event found", "%(num)s events found", 1) }}|'
    '{{ _("Not in the catalogue %(name)s", name="<b>&") }}|{{ _("100%% sure") }}|'
    '{% trans %}Beta{% endtrans %}'
)


def _in(app, lang):
    context = app.test_request_context(f"/{lang}/")
    context.push()
    g.lang = lang
    refresh()
    return context


def test_bound_gettext_gives_flask_babels_text_in_both_languages(app):
    for lang, expected in (("en", "Sign in"), ("cy", "Mewngofnodi")):
        context = _in(app, lang)
        try:
            # render_template_string runs the context processors (the bound functions);
            # the environment alone uses Flask-Babel's globals.
            bound = render_template_string(TEMPLATE)
            babel = app.jinja_env.from_string(TEMPLATE).render()
        finally:
            context.pop()
        assert bound == babel
        assert bound.startswith(expected + "|")
        assert "&lt;b&gt;&amp;" in bound
        assert "100% sure" in bound


def test_bound_gettext_leaves_text_templates_unescaped(app):
    context = _in(app, "en")
    try:
        env = app.jinja_env.overlay(autoescape=False)
        source = '{{ _("Not in the catalogue %(name)s", name="<b>&") }}'
        bound = env.from_string(source).render(**_processed(app))
        babel = env.from_string(source).render()
    finally:
        context.pop()
    assert bound == babel == "Not in the catalogue <b>&"


def _processed(app):
    values = {}
    app.update_template_context(values)
    return values


def test_widgets_render_the_same_html_as_govuk_frontend_wtf(app, client):
    # The library's own way: Flask's render_template for each field.
    context = _in(app, "cy")
    try:
        params = {"id": "kind", "name": "kind", "label": {"text": "Math"}, "attributes": {},
                  "items": [{"text": "Unrhyw", "value": ""}, {"text": "Gweminar", "value": "webinar",
                                                                   "selected": True}]}
        widgets._RENDERED.clear()
        select = widgets.Select()
        expected = GovFormBase.render(select, params)
        assert select.render(params) == expected  # rendered and kept
        assert select.render(params) == expected  # served from what was kept
        assert widgets.TextInput().render({"id": "a", "name": "a", "label": {"text": "A"}, "value": "<x>"}) == \
            GovFormBase.render(widgets.TextInput(), {"id": "a", "name": "a", "label": {"text": "A"}, "value": "<x>"})
    finally:
        context.pop()


def test_kept_widgets_follow_the_choice_the_language_and_markup(client):
    widgets._RENDERED.clear()
    webinar = client.page("/en/events/?kind=webinar").soup.select_one("#kind option[selected]")
    anything = client.page("/en/events/").soup.select_one("#kind option[selected]")
    welsh = client.page("/cy/events/?kind=webinar").soup.select_one("label[for=kind]")
    again = client.page("/en/events/?kind=webinar").soup.select_one("#kind option[selected]")
    assert webinar["value"] == again["value"] == "webinar"
    assert anything is None or anything["value"] == ""
    assert welsh.get_text(strip=True) == "Math"
    # Text and Markup that read the same are different params: never one cached answer for both.
    assert widgets._key({"text": "<b>"}) != widgets._key({"text": Markup("<b>")})
    assert widgets._key({"text": "<b>"}) != widgets._key({"text": lazy_gettext("<b>")})
    assert widgets._key({"selected": True}) != widgets._key({"selected": 1})
    # An object known only by its address is never a key: another could take the address later.
    assert widgets._key({"text": object()}) is None


def test_date_inputs_are_kept_only_while_blank(app, client):
    context = _in(app, "en")
    try:
        def params(day=""):
            return {"id": "starts", "namePrefix": "starts", "fieldset": {"legend": {"text": "From"}}, "attributes": {},
                    "items": [{"name": "day", "value": day, "label": "Day"},
                              {"name": "month", "value": "", "label": "Month"},
                              {"name": "year", "value": "", "label": "Year"}]}
        widgets._RENDERED.clear()
        date = widgets.DateInput()
        blank = date.render(params())
        assert blank == GovFormBase.render(date, params())
        assert len(widgets._RENDERED) == 1  # a blank date is kept
        typed = date.render(params("17"))
        assert typed == GovFormBase.render(date, params("17"))
        assert 'value="17"' in typed
        assert len(widgets._RENDERED) == 1  # what someone typed is never kept
        assert date.render(params()) == blank
    finally:
        context.pop()


def test_text_inputs_are_kept_only_while_blank_and_without_an_error(app):
    context = _in(app, "cy")
    try:
        def params(value="", **more):
            return {"id": "name_2", "name": "name_2", "label": {"text": "Enw llawn y mynychwr"},
                    "attributes": {"autocomplete": "off", "spellcheck": False}, "value": value, **more}
        widgets._RENDERED.clear()
        text = widgets.TextInput()
        blank = text.render(params())
        assert blank == GovFormBase.render(text, params())
        assert len(widgets._RENDERED) == 1  # a blank row of a form is kept
        assert text.render(params()) == blank
        typed = text.render(params("Eleri <Morgan>"))
        assert typed == GovFormBase.render(text, params("Eleri <Morgan>"))
        assert 'value="Eleri &lt;Morgan&gt;"' in typed
        error = {"errorMessage": {"text": "Rhowch enw llawn mynychwr 2", "visuallyHiddenText": "Gwall"}}
        wrong = text.render(params(**error))
        assert wrong == GovFormBase.render(text, params(**error))
        assert "govuk-input--error" in wrong
        assert len(widgets._RENDERED) == 1  # neither what someone typed nor an error is kept
        area = widgets.TextArea()
        assert area.render(params()) == GovFormBase.render(area, params())
        assert area.render(params("Hello")) == GovFormBase.render(area, params("Hello"))
        assert len(widgets._RENDERED) == 2
    finally:
        context.pop()
