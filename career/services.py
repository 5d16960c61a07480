"""Writes to the catalogue beyond a plain admin save."""

from django.db import transaction
from django.db.models import QuerySet

from career.models import KnowledgeCheckItem
from career.revision import catalogue_changed


@transaction.atomic
def check_items_set_active(*, items: QuerySet[KnowledgeCheckItem], active: bool) -> int:
    """Switch the given knowledge check items on (asked) or off; returns how many changed.

    One UPDATE, which sends no save signals, so the catalogue revision is moved on here.
    """
    changed = KnowledgeCheckItem.objects.filter(pk__in=items.values("pk")).exclude(is_active=active)
    count = changed.update(is_active=active)
    if count:
        catalogue_changed()
    return count
