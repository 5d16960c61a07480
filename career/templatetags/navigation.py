"""The site navigation's links. They never query."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=256)
def _reverse(name: str, script_prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def nav_url(name: str) -> str:
    """The URL of a named view that takes no arguments, reversed once per process.

    Every page links to the same dozen views twice (the phone menu and the desktop
    bar); reversing them on every request cost a tenth of a questionnaire page.
    """
    return _reverse(name, get_script_prefix(), get_urlconf())
