"""Django's ModelBackend, reading the signed-in user in plain SQL.

AuthenticationMiddleware reads the signed-in user on nearly every page (the menu
says whether you are signed in; every candidate page checks who owns what), and
composing that one fixed query through the ORM cost more than running it.
Everything else is Django's own: authenticating, permissions, the inactive-user
rule, and the session hash check that django.contrib.auth.get_user makes on the
user returned here.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        meta, database = user_model._meta, router.db_for_read(user_model)
        connection = connections[database]
        try:
            value = meta.pk.to_python(user_id)
            meta.pk.run_validators(value)  # an id out of the column's range is nobody, as in the ORM
        except (ValueError, ValidationError):
            return None
        key = meta.pk.get_db_prep_value(value, connection)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
        sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 (names from the model)
        user = next(iter(user_model._default_manager.raw(sql, [key]).using(database)), None)
        return user if user is not None and self.user_can_authenticate(user) else None


# The path sessions record for people signed in by password (settings.AUTHENTICATION_BACKENDS).
BACKEND_PATH = f"{ModelBackend.__module__}.{ModelBackend.__qualname__}"
