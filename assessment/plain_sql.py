"""The few reads every questionnaire and report page makes, as plain SQL.

For these small, fixed reads (a candidate's own assessment or report, the
previous report, the check's progress, a report's share links) composing the
query through the ORM (lookups, joins, the compiler) cost more than running it,
on every request. `select` writes the same SELECT from the model's own table and
column names, converts each value as the ORM would for that field, and returns
the rows through raw(), which builds model instances with the database's own
converters. Everything else reads through the ORM.
"""

from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.db import connection
from django.db.models import Model
from django.db.models.query import RawQuerySet

LOOKUPS = {"": "=", "lt": "<"}


def select(
    model: type[Model],
    *,
    where: dict[str, object],
    fields: Iterable[str] | None = None,
    order_by: Sequence[str] = (),
    limit: int | None = None,
) -> RawQuerySet:
    """SELECT `fields` (every concrete field by default) of `model` WHERE every condition holds.

    Conditions are field names as in filter(): `name` (equal), `name__lt`, `name__isnull`; "pk" names
    the primary key. `order_by` names fields, "-name" for descending. A value that cannot be one of
    the field's (a malformed id) raises ValidationError or ValueError, as filter() does.
    """
    shape = tuple((key, bool(value)) if key.endswith("__isnull") else (key, None) for key, value in where.items())
    arguments = (tuple(fields) if fields else None, tuple(order_by), limit, connection.vendor)
    sql, parameter_fields = _statement(model, shape, *arguments)
    values = (value for key, value in where.items() if not key.endswith("__isnull"))
    params = [field.get_db_prep_value(value, connection) for field, value in zip(parameter_fields, values, strict=True)]
    return model.objects.raw(sql, params)


@lru_cache(maxsize=256)
def _statement(model, shape, fields, order_by, limit, vendor) -> tuple[str, list]:
    """The SQL of one shape of `select` for one kind of database, written once per process, and the
    fields its parameters belong to."""
    meta, quote = model._meta, connection.ops.quote_name

    def field_of(name):
        return meta.pk if name == "pk" else meta.get_field(name)

    clauses, parameter_fields = [], []
    for key, is_null in shape:
        name, _, lookup = key.partition("__")
        column = quote(field_of(name).column)
        if lookup == "isnull":
            clauses.append(f"{column} IS NULL" if is_null else f"{column} IS NOT NULL")
        else:
            clauses.append(f"{column} {LOOKUPS[lookup]} %s")
            parameter_fields.append(field_of(name))
    chosen = [field_of(name) for name in fields] if fields else meta.concrete_fields
    sql = f"SELECT {', '.join(quote(field.column) for field in chosen)} FROM {quote(meta.db_table)}"  # noqa: S608 (names from the model)
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    if order_by:
        sql += " ORDER BY " + ", ".join(
            quote(field_of(name.lstrip("-")).column) + (" DESC" if name.startswith("-") else "") for name in order_by
        )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, parameter_fields


def first(rows: RawQuerySet):
    """The first row, or None."""
    return next(iter(rows), None)


def owner_conditions(*, user_id, anonymous_token: str | None) -> dict[str, object] | None:
    """OwnedQuerySet.owned_by as `select` conditions; None when nobody is asking."""
    if user_id is not None:
        return {"user": user_id}
    if anonymous_token:
        return {"user__isnull": True, "anonymous_token": anonymous_token}
    return None
