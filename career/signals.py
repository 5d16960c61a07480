"""Every change to the catalogue moves the catalogue revision on (career/revision.py).

Saves made by loaddata (raw) are left out: load_catalogue records one change
when the whole load is in, rather than one per row.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from career.revision import catalogue_changed


def _saved_or_deleted(sender, raw=False, **kwargs):
    if not raw:
        catalogue_changed()


def _links_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        catalogue_changed()


def connect() -> None:
    for model in apps.get_app_config("career").get_models():
        name = model._meta.label
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"catalogue-revision-save-{name}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"catalogue-revision-delete-{name}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _links_changed, sender=through, dispatch_uid=f"catalogue-revision-links-{name}-{field.name}"
            )
