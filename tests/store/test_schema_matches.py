"""The schema the migrations build is the schema the code declares (store/_schema.py):
the same tables, columns, nullability, primary and foreign keys, and compatible types, on
SQLite and on PostgreSQL. The migrations are hand-written SQL and the queries are built
from the declared tables, so a drift between the two is a bug that no other test names."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.types import TypeEngine

from watchfloor.store import open_store
from watchfloor.store._schema import metadata

# Tables the migrations make that the queries reach by hand-written SQL only.
UNDECLARED = {"schema_migrations", "articles_fts", "change_marks"}
UNDECLARED_COLUMNS = {"articles.search"}  # PostgreSQL's generated tsvector for full-text search


def _family(kind: TypeEngine[object] | object) -> str:
    """The storage family a column type belongs to, by dialect-neutral name."""
    name = type(kind).__name__.upper()
    for family, words in (
        ("integer", ("INT", "SERIAL")),
        ("datetime", ("DATE", "TIME")),
        ("json", ("JSON",)),
        ("real", ("REAL", "FLOAT", "DOUBLE", "NUMERIC")),
        ("boolean", ("BOOL",)),
        ("bytes", ("BLOB", "BYTEA", "BINARY")),
        ("text", ("TEXT", "CHAR", "STRING")),
    ):
        if any(word in name for word in words):
            return family
    return name


def _declared_family(column: object) -> str:
    kind = column.type  # type: ignore[attr-defined]
    impl = getattr(kind, "impl", None)
    return _family(impl if impl is not None else kind)


def differences(location: str) -> list[str]:
    with open_store(location) as store:
        engine = store.engine
        inspector = inspect(engine)
        found = set(inspector.get_table_names())
        problems = []
        declared = set(metadata.tables)
        for name in sorted(declared - found):
            problems.append(f"{name}: declared, not migrated")
        for name in sorted(found - declared - UNDECLARED):
            if not name.startswith("articles_fts"):
                problems.append(f"{name}: migrated, not declared")
        for name in sorted(declared & found):
            table = metadata.tables[name]
            columns = {c["name"]: c for c in inspector.get_columns(name)}
            for column in table.columns:
                real = columns.pop(column.name, None)
                if real is None:
                    problems.append(f"{name}.{column.name}: declared, not migrated")
                    continue
                if not column.primary_key and bool(real["nullable"]) != bool(column.nullable):
                    problems.append(
                        f"{name}.{column.name}: nullable {real['nullable']} in the database, "
                        f"{column.nullable} declared"
                    )
                if _family(real["type"]) != _declared_family(column):
                    problems.append(
                        f"{name}.{column.name}: {real['type']} in the database, "
                        f"{column.type} declared"
                    )
            problems.extend(
                f"{name}.{extra}: migrated, not declared"
                for extra in columns
                if f"{name}.{extra}" not in UNDECLARED_COLUMNS
            )
            keys = inspector.get_pk_constraint(name)["constrained_columns"]
            declared_keys = [c.name for c in table.primary_key.columns]
            if sorted(keys) != sorted(declared_keys):
                problems.append(f"{name}: primary key {keys} in the database, {declared_keys}")
            real_fks = {
                (tuple(fk["constrained_columns"]), fk["referred_table"])
                for fk in inspector.get_foreign_keys(name)
            }
            declared_fks = {
                (tuple(e.parent.name for e in fk.elements), fk.referred_table.name)
                for fk in table.foreign_key_constraints
            }
            if real_fks != declared_fks:
                problems.append(
                    f"{name}: foreign keys {sorted(real_fks)} in the database, "
                    f"{sorted(declared_fks)} declared"
                )
    return problems


def test_the_migrated_schema_is_the_declared_schema(db_location: str) -> None:
    assert differences(db_location) == []


def test_the_check_sees_a_drift(sqlite_location: str) -> None:
    """The comparison is not vacuous: a column the code declares and no migration made
    is reported."""
    from sqlalchemy import Column, Integer

    table = metadata.tables["alerts"]
    extra = Column("not_migrated", Integer)
    table.append_column(extra)
    try:
        assert "alerts.not_migrated: declared, not migrated" in differences(sqlite_location)
    finally:
        table._columns.remove(extra)
