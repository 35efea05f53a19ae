"""Language in the URL, the language toggle and Babel formatting filters.

Every page URL starts with the language (``/en/…`` or ``/cy/…``). The language
is taken from the URL before the view runs and put back automatically when a
URL is built, so views and templates never pass it by hand.
"""

from datetime import UTC, date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from babel import dates, numbers
from flask import abort, current_app, g, request, url_for
from flask_babel import get_locale, get_timezone, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

LANG_COOKIE = "lang"
# Babel locale for each URL language: English formats as British English.
BABEL_LOCALES = {"en": "en_GB", "cy": "cy"}
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}


def current_lang():
    """The language of the current page: ``en`` or ``cy``."""
    return g.get("lang", "en")


def other_lang(lang=None):
    lang = lang or current_lang()
    return "cy" if lang == "en" else "en"


def select_locale():
    """Babel locale selector: the URL's language, else English."""
    return BABEL_LOCALES.get(current_lang(), "en_GB")


def pull_lang(endpoint, values):
    """Take the language out of the URL values before the view is called."""
    if values and "lang" in values:
        lang = values.pop("lang")
        if lang not in current_app.config["LANGUAGES"]:
            abort(404)
        g.lang = lang
    elif values is None:
        # No route matched: show the error page in the language the path asked for.
        first = request.path.strip("/").split("/", 1)[0]
        if first in current_app.config["LANGUAGES"]:
            g.lang = first


def add_lang(endpoint, values):
    """Put the current language into URLs that need one, unless given."""
    if "lang" in values or not endpoint:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_lang()


def preferred_lang():
    """Language for a visitor arriving at ``/``: the one last chosen, the account's, the browser's.

    The cookie records the language of the last page seen, so choosing
    "English" on the toggle is what ``/`` uses next, even for an account whose
    language is Welsh. The account's language is not changed by browsing: it is
    the language of its emails, changed on the account page. It decides only
    where no choice has been made on this browser.
    """
    languages = current_app.config["LANGUAGES"]
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in languages:
        return cookie
    if current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return request.accept_languages.best_match(languages) or "en"


def switch_url(lang):
    """The current page in ``lang``, with the same path values and query."""
    if request.endpoint is None or request.url_rule is None:
        return url_for("pages.start", lang=lang)
    if "lang" not in request.url_rule.arguments:
        return url_for("pages.start", lang=lang)
    # The query string is copied as it came, never passed to url_for: a query
    # parameter named like a route argument (?event_id=x) or one url_for reads
    # itself (?_method=, ?_external=) would otherwise break building the URL.
    url = url_for(request.endpoint, **{**(request.view_args or {}), "lang": lang})
    query = urlencode(list(request.args.items(multi=True)))
    return f"{url}?{query}" if query else url


def remember_lang(response):
    """Keep the visitor's last language in a cookie for their next visit to ``/``."""
    lang = g.get("lang")
    if lang and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


def _aware(value):
    if isinstance(value, datetime) and value.tzinfo is None:
        # Stored values are UTC; SQLite returns them naive.
        return value.replace(tzinfo=UTC)
    return value


@lru_cache(maxsize=4096)
def _formatted(formatter, value, pattern, locale, zone):
    """Babel's ``formatter`` of ``value``, kept: the same event's date is on page after page.

    What Flask-Babel's ``format_*`` do, less looking up the locale and zone on
    each call; the result depends only on the arguments, which are the key.
    """
    if zone is None:
        return formatter(value, pattern, locale=locale)
    return formatter(value, pattern, locale=locale, tzinfo=zone)


def _format(formatter, value, pattern):
    # Dates have no time to move into the zone; times are shown in Europe/London.
    zone = None if formatter is dates.format_date else get_timezone()
    return _formatted(formatter, value, pattern, get_locale(), zone)


def date_filter(value, format="d MMMM yyyy"):
    """A date in the page's language, e.g. 22 Tachwedd 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _format(dates.format_datetime, _aware(value), format)
    if isinstance(value, date):
        return _format(dates.format_date, value, format)
    return value


def datetime_filter(value, format="d MMMM yyyy, HH:mm"):
    """A date and time in Europe/London in the page's language."""
    if value is None:
        return ""
    return _format(dates.format_datetime, _aware(value), format)


def time_filter(value, format="HH:mm"):
    """A time of day in Europe/London, as the page's language writes it."""
    if value is None:
        return ""
    return _format(dates.format_time, _aware(value), format)


@lru_cache(maxsize=4096)
def _grouped(kind, value, locale):
    # ``kind`` keeps 1, 1.0 and True apart, which are one key to a dict.
    return numbers.format_decimal(value, locale=locale)


def number_filter(value):
    """A number grouped the way the page's language writes it (kept, as the dates are)."""
    if value is None:
        return ""
    return _grouped(type(value), value, get_locale())


def bound_gettext(translations):
    """Template ``_``/``gettext``/``ngettext`` bound to one catalogue.

    They behave exactly as Jinja's new-style gettext that Flask-Babel installs
    (escaped in HTML, always %-formatted, ``num`` given to plurals), but that one
    resolves the request context, the domain and the locale on every call, a few
    hundred times a page. Bound once per render instead, from the catalogue of
    the language being rendered, so nothing carries over between requests.
    """
    lookup, plural_lookup = translations.ugettext, translations.ungettext

    @pass_eval_context
    def gettext(eval_ctx, string, /, **variables):
        text = lookup(string)
        if eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704  # nosec B704 - our catalogue text, marked as Jinja gettext marks it
        # Formatting text without a % sign gives the text back: skipped, as most calls are.
        return text % variables if variables or "%" in text else text

    @pass_eval_context
    def ngettext(eval_ctx, singular, plural, count, /, **variables):
        # Positional-only: templates pass their own formatted ``num=`` beside the count.
        variables.setdefault("num", count)
        text = plural_lookup(singular, plural, count)
        if eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704  # nosec B704 - our catalogue text, marked as Jinja gettext marks it
        return text % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def template_context():
    lang = current_lang()
    return {
        "lang": lang,
        "other_lang": other_lang(lang),
        "language_names": LANGUAGE_NAMES,
        "switch_url": switch_url,
        "locale": get_locale(),
        # Templates rendered with render_template see these; macros imported
        # without context keep Flask-Babel's globals, which give the same text.
        **bound_gettext(get_translations()),
    }


def register_i18n(app):
    """Wire the URL language, the toggle and the filters into ``app``."""
    app.url_value_preprocessor(pull_lang)
    app.url_defaults(add_lang)
    app.after_request(remember_lang)
    app.context_processor(template_context)
    app.add_template_filter(date_filter, "date")
    app.add_template_filter(datetime_filter, "datetime")
    app.add_template_filter(time_filter, "time")
    app.add_template_filter(number_filter, "number")
    app.add_template_filter(in_page_order, "in_page_order")


# The Welsh alphabet: the digraphs are single letters, sorted where they fall
# (ch after c, dd after d, ff after f, ng after g, ll after l, ph after p,
# rh after r, th after t).
WELSH_LETTERS = [
    "a",
    "b",
    "c",
    "ch",
    "d",
    "dd",
    "e",
    "f",
    "ff",
    "g",
    "ng",
    "h",
    "i",
    "j",
    "l",
    "ll",
    "m",
    "n",
    "o",
    "p",
    "ph",
    "r",
    "rh",
    "s",
    "t",
    "th",
    "u",
    "w",
    "y",
]
_WELSH_ORDER = {letter: index for index, letter in enumerate(WELSH_LETTERS)}
_PLAIN = str.maketrans("âêîôûŵŷäëïöüẅÿáéíóúẃýàèìòùẁỳ", "aeiouwyaeiouwyaeiouwyaeiouwy")


def in_page_order(rows):
    """Rows named in both languages (``name_en``/``name_cy``), in the alphabet of the page's language."""
    if current_lang() == "cy":
        return sorted(rows, key=lambda row: welsh_sort_key(row.name_cy))
    return sorted(rows, key=lambda row: row.name_en.casefold())


def welsh_sort_key(name):
    """A key that sorts ``name`` in the Welsh alphabet ("Llandudno" after "Lerpwl")."""
    text = (name or "").lower().translate(_PLAIN)
    key = []
    position = 0
    while position < len(text):
        pair = text[position : position + 2]
        if pair in _WELSH_ORDER and len(pair) == 2:
            key.append((_WELSH_ORDER[pair], ""))
            position += 2
            continue
        letter = text[position]
        # Letters outside the Welsh alphabet (k, q, v, x, z, spaces) sort after it, by themselves.
        key.append((_WELSH_ORDER.get(letter, len(WELSH_LETTERS)), letter))
        position += 1
    return key


def text_for(texts, lang):
    """The version of a message staff wrote for someone reading ``lang``, from ``{lang: text}``.

    Staff are asked for every language their recipients read, so the other
    language is only a fallback (for instance a page shown in the language
    nobody told by e-mail chose).
    """
    texts = texts or {}
    return texts.get(lang) or texts.get("en" if lang == "cy" else "cy") or ""


def as_texts(value):
    """``{lang: text}`` from a message given either per language or as one text for everyone."""
    if isinstance(value, dict):
        return {lang: text for lang, text in value.items() if text}
    return dict.fromkeys(BABEL_LOCALES, value) if value else {}


# The language choices an organisation or attendee makes, in words (exports and staff pages).
LANGUAGE_CHOICES = {"cy": _l("Welsh"), "en": _l("English"), "either": _l("Either Welsh or English")}


def translated(mapping):
    """``mapping`` with each (lazy) label made text in the current language, once.

    For a long run of rows (an export of 50,000 organisations), where turning
    the same lazy label into text for every cell costs a catalogue lookup each
    time: that was two thirds of an export's time.
    """
    return {key: str(value) for key, value in mapping.items()}


def language_choice(code):
    """A stored language choice (cy, en, either) in the page's language; empty for none."""
    words = LANGUAGE_CHOICES.get(code)
    return str(words) if words is not None else ""
