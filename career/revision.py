"""The catalogue revision: a token that changes with every change to the catalogue.

What is built from the catalogue on every request (the questionnaire) is kept in
each process under the current token and rebuilt only when the token changes,
so an admin edit reaches every worker and every host at its next request.

The token lives in its own database cache table (CACHES["catalogue"]), shared by
every process. Saves and deletes through the ORM move it on by themselves
(career/signals.py); bulk writes, which send no signals, call `catalogue_changed`.
"""

import secrets

from django.core.cache import caches

CACHE_ALIAS = "catalogue"
KEY = "revision"


def catalogue_revision() -> str | None:
    """The current token, or None when none was recorded yet. One query."""
    return caches[CACHE_ALIAS].get(KEY)


def catalogue_changed() -> str:
    """Record that the catalogue changed: a fresh random token, never one seen before.

    A random token rather than a counter: a rolled-back transaction restores the old
    token, and a counter would then hand out the same number again for another catalogue.
    """
    token = secrets.token_hex(16)
    caches[CACHE_ALIAS].set(KEY, token, timeout=None)
    return token
