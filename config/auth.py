"""Django's ModelBackend, reading the signed-in user in plain SQL.

AuthenticationMiddleware reads the signed-in user on nearly every page (the menu
says whether you are signed in; every candidate page checks who owns what), and
composing that one fixed query through the ORM cost more than running it
(assessment.plain_sql). Everything else is Django's own: authenticating,
permissions, the inactive-user rule, and the session hash check that
django.contrib.auth.get_user makes on the user returned here.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError

from assessment import plain_sql


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            key = user_model._meta.pk.to_python(user_id)
            user_model._meta.pk.run_validators(key)  # an id out of the column's range is nobody, as in the ORM
        except (ValueError, ValidationError):
            return None
        user = plain_sql.first(plain_sql.select(user_model, where={"pk": key}))
        return user if user is not None and self.user_can_authenticate(user) else None


# The path sessions record for people signed in by password (settings.AUTHENTICATION_BACKENDS).
BACKEND_PATH = f"{ModelBackend.__module__}.{ModelBackend.__qualname__}"
