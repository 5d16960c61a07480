"""Links to the site's pages, reversed once per process. They never query.

Every page links to the same dozen views twice (the phone menu and the desktop
bar), and a report page to a dozen views of that report; reversing each link on
every request cost a tenth of those pages. `{% page_url %}` reverses a view's URL
once per process, with placeholders for its arguments, and fills the arguments in
afterwards, quoted as Django's reverse() quotes them. It is for arguments the app
itself produced (primary keys, slugs, tokens): unlike {% url %}, it does not check
them against the URL pattern again.
"""

import uuid
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# What reverse() leaves unquoted (django.urls.resolvers).
SAFE_CHARACTERS = "!$&'()*+,;=/~:@"


def _placeholder(kind: type, number: int):
    """A stand-in argument of the same type that cannot occur anywhere else in a URL."""
    if kind is uuid.UUID:
        return uuid.UUID(int=0xFEEDFACE00 + number)
    if kind is int:
        return 918273645 + number
    return f"zz{number}placeholder"


@lru_cache(maxsize=1024)
def _pattern(name: str, arguments: tuple[tuple[str, type], ...], script_prefix: str, urlconf: str | None) -> str:
    """The view's URL with "{argument}" where each argument goes."""
    placeholders = {key: _placeholder(kind, number) for number, (key, kind) in enumerate(arguments)}
    url = reverse(name, kwargs=placeholders, urlconf=urlconf).replace("{", "{{").replace("}", "}}")
    for key, value in placeholders.items():
        if url.count(str(value)) != 1:
            raise ValueError(f"Cannot build a pattern for {name!r}: its argument {key!r} is not in the URL once.")
        url = url.replace(str(value), "{" + key + "}")
    return url


# The views every page's menu links to, by the names _nav_links.html uses.
NAV_VIEWS = {
    "roles": "career:role-list",
    "skills": "career:skill-list",
    "duties": "career:duty-list",
    "certifications": "career:certification-list",
    "roadmap": "career:roadmap",
    "career_path": "career:career-path",
    "outlook": "career:outlook",
    "faq": "career:faq",
    "start": "assessment:start",
    "reports": "assessment:report-list",
    "plans": "assessment:plan-list",
    "account": "assessment:account",
    "logout": "logout",
    "login": "login",
    "signup": "signup",
}


@lru_cache(maxsize=16)
def _nav_urls(script_prefix: str, urlconf: str | None) -> dict[str, str]:
    return {key: reverse(name, urlconf=urlconf) for key, name in NAV_VIEWS.items()}


# Stands where the logout form's CSRF token goes in the menu rendered once per process.
CSRF_PLACEHOLDER = "csrf-token-placeholder-6c1f0d"


@lru_cache(maxsize=64)
def _nav_links_html(script_prefix: str, urlconf: str | None, *, signed_in: bool, on_start_page: bool) -> str:
    """templates/_nav_links.html for one kind of visitor. It changes only with the URLs, whether the
    visitor is signed in and whether this is the start page, so it is rendered once per process for
    each, with a placeholder for the CSRF token."""
    return get_template("_nav_links.html").render(
        {
            "nav_urls": _nav_urls(script_prefix, urlconf),
            "signed_in": signed_in,
            "on_start_page": on_start_page,
            "csrf_token": CSRF_PLACEHOLDER,
        }
    )


@register.simple_tag(takes_context=True)
def nav_links(context) -> str:
    """The menu: every page shows it twice (the phone menu and the desktop bar), both the same HTML,
    with this request's CSRF token in the logout form."""
    request = context.get("request")
    user = context.get("user")
    match = getattr(request, "resolver_match", None)
    html = _nav_links_html(
        get_script_prefix(),
        get_urlconf(),
        signed_in=bool(user is not None and user.is_authenticated),
        on_start_page=match is not None and match.view_name == "assessment:start",
    )
    if CSRF_PLACEHOLDER in html:  # only the signed-in menu has a form (reading the token sets its cookie)
        html = html.replace(CSRF_PLACEHOLDER, escape(context.get("csrf_token") or ""))
    return mark_safe(html)  # noqa: S308 (escaped by the template engine; the token above by escape())


@register.simple_tag
def page_url(name: str, **kwargs) -> str:
    """reverse(name, kwargs=kwargs), with the reversal done once per process for each view."""
    return page_url_builder(name, **kwargs)(**kwargs)


def page_url_builder(name: str, **sample_kwargs) -> Callable[..., str]:
    """page_url for many links to one view (a list of steps): the pattern is looked up once, then
    filled in for each link. `sample_kwargs` are arguments of the types the links will have."""
    arguments = tuple((key, type(value)) for key, value in sorted(sample_kwargs.items()))
    pattern = _pattern(name, arguments, get_script_prefix(), get_urlconf())

    def build(**kwargs) -> str:
        return pattern.format(**{key: _quoted(str(value)) for key, value in kwargs.items()})

    return build


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    """An argument as reverse() quotes it; a list of links repeats the same ones (the assessment's id)."""
    return quote(text, safe=SAFE_CHARACTERS)
