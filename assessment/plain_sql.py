"""The few reads every questionnaire and report page makes, as plain SQL.

For these small, fixed reads (a candidate's own assessment or report, the
previous report, the check's progress, a report's share links) composing the
query through the ORM (lookups, joins, the compiler) cost more than running it,
on every request. `select` writes the same SELECT from the model's own table and
column names, converts each parameter as the ORM would for that field, and
builds model instances from the rows as a queryset does: the database's and the
fields' converters on each value, then Model.from_db(). raw() does the same, but
works out again on every call which column is which field and which converters
apply; here that is done once per shape and connection. Everything else reads
through the ORM.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model

LOOKUPS = {"": "=", "lt": "<"}


@dataclass(frozen=True, eq=False)  # one per shape (cached): compared and hashed by identity
class Statement:
    sql: str
    parameter_fields: tuple[Field, ...]
    fields: tuple[Field, ...]  # the columns read, in the model's field order (as from_db() takes them)
    attnames: tuple[str, ...]  # their attribute names, for from_db()


def select(
    model: type[Model],
    *,
    where: dict[str, object],
    fields: Iterable[str] | None = None,
    order_by: Sequence[str] = (),
    limit: int | None = None,
) -> list[Model]:
    """SELECT `fields` (every concrete field by default) of `model` WHERE every condition holds.

    Conditions are field names as in filter(): `name` (equal), `name__lt`, `name__isnull`; "pk" names
    the primary key. `order_by` names fields, "-name" for descending. A value that cannot be one of
    the field's (a malformed id) raises ValidationError or ValueError, as filter() does.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    shape = tuple((key, bool(value)) if key.endswith("__isnull") else (key, None) for key, value in where.items())
    arguments = (tuple(fields) if fields else None, tuple(order_by), limit, connection.vendor)
    statement = _statement(model, shape, *arguments)
    values = (value for key, value in where.items() if not key.endswith("__isnull"))
    params = [
        field.get_db_prep_value(value, connection)
        for field, value in zip(statement.parameter_fields, values, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        rows = cursor.fetchall()
    converters = _converters(statement, connection)
    return [
        model.from_db(connection.alias, statement.attnames, _converted(row, converters, connection)) for row in rows
    ]


@lru_cache(maxsize=256)
def _statement(model, shape, fields, order_by, limit, vendor) -> Statement:
    """The SQL of one shape of `select` for one kind of database, written once per process, with the
    fields its parameters belong to and the fields it reads."""
    meta, quote = model._meta, connections[DEFAULT_DB_ALIAS].ops.quote_name

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
    named = {field_of(name) for name in fields} if fields else None
    chosen = [field for field in meta.concrete_fields if named is None or field in named]
    sql = f"SELECT {', '.join(quote(field.column) for field in chosen)} FROM {quote(meta.db_table)}"  # noqa: S608 (names from the model)
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    if order_by:
        sql += " ORDER BY " + ", ".join(
            quote(field_of(name.lstrip("-")).column) + (" DESC" if name.startswith("-") else "") for name in order_by
        )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return Statement(sql, tuple(parameter_fields), tuple(chosen), tuple(field.attname for field in chosen))


@lru_cache(maxsize=256)
def _converters(statement: Statement, connection) -> tuple:
    """(position, converters, column) for each value to convert: what the ORM's compiler applies to
    these columns on this connection (SQLCompiler.get_converters)."""
    result = []
    for position, field in enumerate(statement.fields):
        column = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            result.append((position, tuple(converters), column))
    return tuple(result)


def _converted(row, converters, connection) -> list:
    values = list(row)
    for position, functions, column in converters:
        value = values[position]
        for function in functions:
            value = function(value, column, connection)
        values[position] = value
    return values


def first(rows: list[Model]):
    """The first row, or None."""
    return next(iter(rows), None)


def owner_conditions(*, user_id, anonymous_token: str | None) -> dict[str, object] | None:
    """OwnedQuerySet.owned_by as `select` conditions; None when nobody is asking."""
    if user_id is not None:
        return {"user": user_id}
    if anonymous_token:
        return {"user__isnull": True, "anonymous_token": anonymous_token}
    return None
