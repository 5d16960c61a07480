"""The shared database cache, with an increment that holds under concurrent processes."""

import base64
import pickle

from django.core.cache.backends import db
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class DatabaseCache(db.DatabaseCache):
    """Django's database cache with an atomic incr() that keeps the key's expiry.

    Django's own incr() is get-then-set: two processes can both read 4 and both
    write 5, and the set resets the expiry to the default timeout. The rate
    limits count with incr(), so this one reads and writes the row in one
    transaction that locks it: SELECT ... FOR UPDATE on PostgreSQL, and on
    SQLite the transaction takes the write lock when it begins (settings use
    IMMEDIATE transactions).
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table, value_column, key_column = quote(self._table), quote("value"), quote("cache_key")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value_column}, {quote('expires')} FROM {table} WHERE {key_column} = %s{lock}",  # noqa: S608 (quoted names)
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expires(row[1], connection) < now():
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode(), validate=True)) + delta  # noqa: S301 (our own rows)
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s", [encoded, key])  # noqa: S608
        return value

    @staticmethod
    def _expires(value, connection):
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value

    def delete_expired(self, *, dry_run: bool = False) -> int:
        """Delete the entries whose time is up (or only count them); how many there were.

        Django removes an expired entry only when it is read again or when the table is
        over MAX_ENTRIES, so expired counters and pending sign-ups could otherwise stay
        for good; purge_anonymous_assessments calls this daily.
        """
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table, expires = quote(self._table), quote("expires")
        verb = "SELECT COUNT(*)" if dry_run else "DELETE"
        with connection.cursor() as cursor:
            cursor.execute(
                f"{verb} FROM {table} WHERE {expires} < %s",
                [connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))],
            )
            return cursor.fetchone()[0] if dry_run else cursor.rowcount
