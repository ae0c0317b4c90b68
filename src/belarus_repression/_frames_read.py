"""Reading DataFrames into a dataset: the other way of :mod:`._frames`.

Each column is read on its own: each distinct cell once (a vocabulary, a date, a list of
sources repeat across rows), as the CSV tables read it when it is text and by its type
otherwise; every cell that cannot be read is a problem located by table, row (the position
in the frame) and column.  The records are then built from the typed columns, so that they
convert nothing more and only run their own rules; a nested record (a sentence, its term,
a name) is built once for each distinct set of values.  Then the dataset checks its
integrity rules, and their problems are located by row and column too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._dataset import TABLES
from ._dates import PartialDate, read_day
from ._errors import Problem, Report, ValidationError, shorten
from ._frames import _EPOCH, _NAT, _bound_columns, _Spec, _specs
from ._io import PACKAGE_KEY, VERSION
from ._io._tables import column_for_path

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["read_frames"]


def read_frames(
    pd: Any, frames: Mapping[str, Any], as_of: object, synthetic: bool | None
) -> Dataset:
    """The dataset of the frames, or a ValidationError with every problem located."""
    from ._dataset import Dataset  # noqa: PLC0415
    from ._gc import gc_paused  # noqa: PLC0415

    with gc_paused():
        reader = _Reader(pd)
        day, flag, reader.general = _metadata_problems(frames, as_of, synthetic)
        for name in frames:
            if name not in TABLES and name != "names":
                known = ", ".join(_FRAME_ORDER)
                reader.general.append(
                    Problem("field.unknown", f"not a table; the tables are {known}").at(
                        table=str(name)
                    )
                )
        columns = {
            table: reader.table(table, frames[table]) if table in frames else {}
            for table in ("names", *TABLES)
        }
        tables = _assemble(reader, frames, columns)
        problems = reader.problems()
        if problems or day is None:
            raise ValidationError(problems)
        try:
            dataset = Dataset(day, synthetic=flag, **tables)
        except ValidationError as exc:
            raise ValidationError(_relocated(exc.problems)) from None
        object.__setattr__(dataset, "_report", Report(_relocated(dataset.report.problems)))
        return dataset


#: The frames of a dataset, in the order :func:`to_pandas` gives them.
_FRAME_ORDER: Final = ("sources", "persons", "names", *list(TABLES)[2:])
#: An empty cell, which leaves its field to the default (a nested record that is not there).
_OMIT: Final = object()
#: The default of a field that is computed from the record (a name's script).
_FROM_RECORD: Final = object()
#: A cell or a record that could not be read (its problems are reported).
_FAILED: Final = object()
#: Columns whose missing cell is an empty text, not a missing value: a name may lack a part.
_EMPTY_WHEN_MISSING: Final = frozenset({("names", "given"), ("names", "family")})


def _whole(value: object) -> object:
    """A number that is whole as an ``int`` (pandas stores integers with gaps as floats)."""
    import numbers  # noqa: PLC0415

    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        number = float(value)
        if not number.is_integer():
            raise ValidationError(
                [
                    Problem(
                        "type.invalid", "expected an integer, not a fraction", value=shorten(value)
                    )
                ]
            )
        return int(number)
    return value


def _boolean(value: object) -> object:
    """A boolean from a boolean, or from the numbers 0 and 1."""
    import numbers  # noqa: PLC0415

    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool"):
        return bool(value)
    if isinstance(value, numbers.Real) and value in (0, 1):
        return bool(value)
    return value


def _text_reader(kind: str) -> Callable[[str], object] | None:
    """How a text cell is read, as the CSV tables read it (``None``: as it is)."""
    from ._io._tables import _bool, _filter, _int, split_list  # noqa: PLC0415
    from ._models import ArticleRef  # noqa: PLC0415

    def articles(cell: str) -> list[ArticleRef]:
        return [ArticleRef.parse(text) for text in split_list(cell)]

    readers: dict[str, Callable[[str], object]] = {
        "int": _int,
        "optint": _int,
        "bool": _bool,
        "list": split_list,
        "articles": articles,
        "filter": _filter,
    }
    return readers.get(kind)


def _read_cell(spec: _Spec, value: object) -> object:
    """The typed value of one cell that is not missing, or :data:`_OMIT` for an empty text.

    Raises:
        ValidationError: or :class:`ValueError` for a cell that cannot be read.
    """
    from ._coerce import convert  # noqa: PLC0415

    kind = spec.column.kind
    if isinstance(value, str):
        if value == "" and spec.inner is not str:
            return _OMIT  # an empty CSV cell
        reader = _text_reader(kind)
        if reader is not None:
            value = reader(value)
    elif kind in ("int", "optint"):
        value = _whole(value)
    elif kind == "bool":
        value = _boolean(value)
    elif kind in ("list", "articles", "filter") and type(value).__name__ == "ndarray":
        value = value.tolist()  # type: ignore[attr-defined] # a numpy array of items
    return convert(value, spec.tp, spec.name)


def _problems_of(exc: Exception, value: object) -> list[Problem]:
    if isinstance(exc, ValidationError):
        return list(exc.problems)
    code = "type.invalid" if isinstance(exc, TypeError | ValueError) else "value.invalid"
    return [Problem(code, str(exc) or type(exc).__name__, value=shorten(value))]


class _Reader:
    """Reads the frames of one dataset, collecting every problem with its location."""

    def __init__(self, pd: Any) -> None:
        import numpy as np  # noqa: PLC0415 - a dependency of pandas

        self.pd = pd
        self.np = np
        self.general: list[Problem] = []
        #: Problems by table, then by row (``-1``: the table as a whole).
        self.rows: dict[str, dict[int, list[Problem]]] = {}
        self.ids: dict[str, list[Any]] = {}

    # -- problems ------------------------------------------------------------------------

    def add(self, table: str, row: int, column: str | None, problem: Problem) -> None:
        location = attrs.evolve(problem.location, path=column)
        record = None
        ids = self.ids.get(table)
        if ids is not None and row >= 0 and isinstance(ids[row], str):
            record = ids[row]
        located = attrs.evolve(problem, location=location).at(
            table=table, row=None if row < 0 else row, record=record
        )
        self.rows.setdefault(table, {}).setdefault(row, []).append(located)

    def bad_rows(self, table: str) -> set[int]:
        return set(self.rows.get(table, {}))

    def problems(self) -> list[Problem]:
        found = list(self.general)
        for table in _FRAME_ORDER:
            rows = self.rows.get(table, {})
            found += [p for row in sorted(rows) for p in rows[row]]
        return found

    # -- columns ---------------------------------------------------------------------------

    def factorize(self, series: Any) -> tuple[Any, list[Any]]:
        """Codes (``-1`` for a missing cell) and the distinct values of a column."""
        pd, np = self.pd, self.np
        if isinstance(series.dtype, pd.CategoricalDtype):
            return series.cat.codes.to_numpy(dtype=np.intp), series.cat.categories.tolist()
        if series.dtype != object:
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
            return codes.astype(np.intp, copy=False), uniques.tolist()
        # Objects: equal values of different types (1, 1.0, True) stay apart.
        missing = series.isna().to_numpy()
        index: dict[Any, int] = {}
        uniques = []
        codes = np.full(len(series), -1, dtype=np.intp)
        for i, value in enumerate(series.tolist()):
            if missing[i]:
                continue
            try:
                code = index.setdefault((type(value), value), len(uniques))
            except TypeError:  # unhashable: a list in a cell
                code = len(uniques)
            if code == len(uniques):
                uniques.append(value)
            codes[i] = code
        return codes, uniques

    def text_column(self, table: str, spec: _Spec, series: Any) -> list[Any]:
        """The cells of a text field: text as it is."""
        from ._coerce import convert  # noqa: PLC0415

        values: list[Any] = series.tolist()
        missing = series.isna().to_numpy()
        if missing.any():
            empty = "" if (table, spec.name) in _EMPTY_WHEN_MISSING else _OMIT
            for i in self.np.flatnonzero(missing).tolist():
                values[i] = empty
        if not isinstance(series.dtype, self.pd.StringDtype):
            for i, value in enumerate(values):
                if type(value) is not str and value is not _OMIT:
                    try:
                        values[i] = convert(value, str, spec.name)
                    except ValidationError as exc:
                        values[i] = _FAILED
                        for problem in exc.problems:
                            self.add(table, i, spec.name, problem)
        return values

    def column(self, table: str, frame: Any, spec: _Spec) -> list[Any]:
        """The typed cells of one column: :data:`_OMIT` where empty, :data:`_FAILED` where bad."""
        series = frame[spec.name]
        if spec.inner is str:
            return self.text_column(table, spec, series)
        codes, uniques = self.factorize(series)
        typed: list[Any] = []
        for k, value in enumerate(uniques):
            try:
                typed.append(_read_cell(spec, value))
            except Exception as exc:  # noqa: BLE001 - every failure becomes located problems
                typed.append(_FAILED)
                problems = _problems_of(exc, value)
                for row in self.np.flatnonzero(codes == k).tolist():
                    for problem in problems:
                        self.add(table, row, spec.name, problem)
        typed.append(_OMIT)  # code -1: a missing cell
        if spec.partial:
            self.check_bounds(table, frame, spec, codes, typed)
        return [typed[code] for code in codes.tolist()]

    def days(self, table: str, column: str, series: Any) -> Any:
        """The days of a column of bounds, as integers (:data:`_NAT` where missing)."""
        np = self.np
        if isinstance(series.dtype, np.dtype) and series.dtype.kind == "M":  # datetime64
            return series.to_numpy().astype("datetime64[D]").astype(np.int64)
        codes, uniques = self.factorize(series)
        days = []
        for k, value in enumerate(uniques):
            try:
                days.append(read_day(value).toordinal() - _EPOCH)
            except ValidationError as exc:
                days.append(_NAT)
                for row in np.flatnonzero(codes == k).tolist():
                    for problem in exc.problems:
                        self.add(table, row, column, problem)
        return np.array([*days, _NAT], dtype=np.int64)[codes]

    def check_bounds(
        self, table: str, frame: Any, spec: _Spec, codes: Any, typed: list[Any]
    ) -> None:
        """Bound columns, when a frame has them, must be those of the partial date."""
        np = self.np
        for i, bound in enumerate(_bound_columns(spec)):
            if bound not in frame.columns:
                continue
            expected = np.array(
                [
                    _NAT
                    if not isinstance(d, PartialDate)
                    else (d.earliest if i == 0 else d.latest).toordinal() - _EPOCH
                    for d in typed
                ],
                dtype=np.int64,
            )[codes]
            readable = np.array([d is not _FAILED for d in typed])[codes]
            actual = self.days(table, bound, frame[bound])
            for row in np.flatnonzero(readable & (actual != expected)).tolist():
                day = int(actual[row])
                shown = "missing" if day == _NAT else dt.date.fromordinal(day + _EPOCH).isoformat()
                text = typed[codes[row]]
                which = "earliest" if i == 0 else "latest"
                message = (
                    f"{bound} {shown} is not the {which} day of {spec.name} "
                    + ("(missing)" if text is _OMIT else str(text))
                    + f": the date is read from {spec.name}; update {bound} or drop it"
                )
                problem = Problem("field.inconsistent", message, value=shorten(shown))
                self.add(table, row, bound, problem)

    # -- tables ----------------------------------------------------------------------------

    def table(self, table: str, frame: Any) -> dict[tuple[str, ...], list[Any]] | None:
        """The typed columns of one frame by field path; ``None`` when it cannot be read."""
        specs = _specs(table)
        known = {spec.name for spec in specs}
        known |= {b for spec in specs if spec.partial for b in _bound_columns(spec)}
        names = [str(c) for c in frame.columns]
        table_problems = [
            Problem("field.unknown", f"{name!r} is not a column of the {table} table").at(path=name)
            for name in dict.fromkeys(names)
            if name not in known
        ]
        table_problems += [
            Problem("field.unknown", f"the column {name!r} appears more than once").at(path=name)
            for name in dict.fromkeys(names)
            if names.count(name) > 1
        ]
        table_problems += [
            Problem("field.missing", f"the {table} table needs the column {spec.name!r}").at(
                path=spec.name
            )
            for spec in specs
            if spec.required and spec.name not in names
        ]
        for problem in table_problems:
            self.add(table, -1, problem.location.path, problem)
        if table_problems:
            return None
        if "id" in names:
            self.ids[table] = frame["id"].tolist()
        return {
            spec.column.path: self.column(table, frame, spec)
            for spec in specs
            if spec.name in names
        }

    def records(
        self,
        table: str,
        cls: type[Any],
        group: tuple[str, ...],
        columns: dict[tuple[str, ...], list[Any]],
        n: int,
    ) -> list[Any]:
        """Build the records of *cls* at *group* in every row, from the typed columns.

        A row whose cell, or whose nested record, could not be read is :data:`_FAILED`; a
        nested record none of whose cells is there is :data:`_OMIT`.
        """
        fields = [f for f in attrs.fields(cls) if f.init]
        hints = typing.get_type_hints(cls)
        present: list[bool] | None = None
        if group:  # a nested record is there when any of its cells is
            inside = [c for p, c in columns.items() if p[: len(group)] == group]
            present = [any(c[i] is not _OMIT for c in inside) for i in range(n)]
        target = _Target(table, cls, group, tuple(f.name for f in fields))
        bad = self.bad_rows(table)
        full: list[list[Any]] = []
        for k, field in enumerate(fields):
            path = (*group, field.name)
            inner = _optional_type(hints[field.name])
            if path in columns:
                col = columns[path]
            elif attrs.has(inner) and any(p[: len(path)] == path for p in columns):
                col = self.records(table, inner, path, columns, n)
            else:
                col = [_OMIT] * n
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = _FROM_RECORD if default.takes_self else default.factory()
            if default is _FROM_RECORD:
                target.by_keyword.append(k)
            elif any(v is _OMIT for v in col):
                col = self.with_default(target, path, col, default, present=present, bad=bad)
            bad.update(i for i, v in enumerate(col) if v is _FAILED)
            full.append(col)
        shared = bool(group) or table == "names"  # nested records and names repeat
        built: dict[Any, Any] = {}
        out: list[Any] = []
        for i, args in enumerate(zip(*full, strict=True)):
            if present is not None and not present[i]:
                out.append(_OMIT)
            elif i in bad:
                out.append(_FAILED)
            elif not shared:
                out.append(self.build(target, i, args))
            else:
                record = built.get(args, _OMIT)
                if record is _OMIT or record is _FAILED:  # a failure is reported in every row
                    record = built[args] = self.build(target, i, args)
                out.append(record)
        return out

    def with_default(
        self,
        target: _Target,
        path: tuple[str, ...],
        col: list[Any],
        default: Any,
        *,
        present: list[bool] | None,
        bad: set[int],
    ) -> list[Any]:
        """A column with the field's default in its empty cells; a missing value if none."""
        if default is attrs.NOTHING:
            name = "_".join(path)
            for i, v in enumerate(col):
                if v is _OMIT and (present is None or present[i]):
                    self.add(target.table, i, name, Problem("field.missing", "a value is needed"))
                    bad.add(i)
        return [default if v is _OMIT else v for v in col]

    def build(self, target: _Target, row: int, args: tuple[Any, ...]) -> Any:
        """One record, or :data:`_FAILED` with its problems located."""
        try:
            if any(args[k] is _OMIT for k in target.by_keyword):
                fields = zip(target.fields, args, strict=True)
                return target.cls(**{name: a for name, a in fields if a is not _OMIT})
            return target.cls(*args)
        except ValidationError as exc:
            for problem in exc.problems:
                path = ".".join((*target.group, problem.location.path or ""))
                self.add(target.table, row, column_for_path(f"$.{path}"), problem)
            return _FAILED


@attrs.define
class _Target:
    """The record type that :meth:`_Reader.records` builds, and how.

    Attributes:
        table: The frame it is read from.
        cls: The record type.
        group: Its field path in the table's records (``("sentence", "term")``).
        fields: The names of its fields, in order.
        by_keyword: The positions of fields whose default is computed from the record: a row
            that leaves one out is built by keyword.
    """

    table: str
    cls: type[Any]
    group: tuple[str, ...]
    fields: tuple[str, ...]
    by_keyword: list[int] = attrs.Factory(list)


def _optional_type(tp: Any) -> Any:
    from ._coerce import _optional_inner  # noqa: PLC0415

    return _optional_inner(tp) or tp


def _metadata_problems(
    frames: Mapping[str, Any], as_of: object, synthetic: bool | None
) -> tuple[dt.date | None, bool, list[Problem]]:
    """The dataset's ``as_of`` and ``synthetic`` flag: given, or carried by the frames."""
    problems: list[Problem] = []
    carried = [f.attrs.get(PACKAGE_KEY) for f in frames.values()]
    metas = [m for m in carried if isinstance(m, Mapping)]
    for meta in metas:
        version = meta.get("version", VERSION)
        if type(version) is int and version > VERSION:
            problems.append(
                Problem(
                    "format.version",
                    f"the frames are of format version {version}, newer than this library "
                    f"reads ({VERSION}); upgrade belarus-repression",
                    value=shorten(version),
                ).at(path="version")
            )
            return None, False, problems

    def one(key: str) -> object:
        values = {json.dumps(m[key], sort_keys=True, default=str) for m in metas if key in m}
        if len(values) > 1:
            problems.append(
                Problem(
                    "field.inconsistent",
                    f"the frames carry different values of {key}: pass {key}=",
                    value=shorten(sorted(values)),
                ).at(path=key)
            )
            return None
        return next((m[key] for m in metas if key in m), None)

    day: dt.date | None = None
    given = as_of if as_of is not None else one("as_of")
    if given is None and not problems:
        problems.append(
            Problem(
                "field.missing",
                "the frames do not carry as_of (to_pandas puts it in DataFrame.attrs): pass as_of=",
            ).at(path="as_of")
        )
    elif given is not None:
        try:
            day = read_day(given, "as_of")
        except ValidationError as exc:
            problems += exc.problems
    flag = synthetic if synthetic is not None else one("synthetic")
    if flag is None:
        flag = False
    if not isinstance(flag, bool):
        problems.append(
            Problem("type.invalid", "synthetic must be True or False", value=shorten(flag)).at(
                path="synthetic"
            )
        )
        flag = False
    return day, flag, problems


#: A record named in an integrity message by its index: ``custody[3]``.
_INDEX_IN_MESSAGE: Final = re.compile(r"\b(" + "|".join(TABLES) + r")\[(\d+)\]")


def _relocated(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """Integrity problems (located by record index and JSON path) by row and column.

    The records are in frame order, so a record's index is its row.
    """
    out = []
    for problem in problems:
        where = problem.location
        message = _INDEX_IN_MESSAGE.sub(r"\1 row \2", problem.message)
        path = where.path
        if where.table is not None and where.row is not None and path is not None:
            path = column_for_path("$" + path.removeprefix(f"$.{where.table}[{where.row}]"))
        location = attrs.evolve(where, path=path)
        out.append(attrs.evolve(problem, message=message, location=location))
    return tuple(out)


def _assemble(
    reader: _Reader,
    frames: Mapping[str, Any],
    columns: dict[str, dict[tuple[str, ...], list[Any]] | None],
) -> dict[str, tuple[Any, ...]]:
    """The records of every table that could be read (the names go into their persons)."""
    from ._models import Name  # noqa: PLC0415

    names, persons = columns["names"], columns["persons"]
    if names and persons is not None:  # names to read, and persons that could be read
        person_ids = persons.get(("id",), [])
        known = set(person_ids)
        forms = reader.records("names", Name, (), names, len(frames["names"]))
        by_person: dict[Any, list[Any]] = {}
        for row, (owner, form) in enumerate(zip(names[("person_id",)], forms, strict=True)):
            if owner is _OMIT:
                problem = Problem("field.missing", "a value is needed")
                reader.add("names", row, "person_id", problem)
            elif owner not in known and owner is not _FAILED:
                problem = Problem("ref.unresolved", "no person has this id", value=shorten(owner))
                reader.add("names", row, "person_id", problem)
            elif form is not _FAILED:
                by_person.setdefault(owner, []).append(form)
        if persons:
            persons[("names",)] = [tuple(by_person.get(p, ())) for p in person_ids]
    out: dict[str, tuple[Any, ...]] = {}
    for table, cls in TABLES.items():
        typed = columns[table]
        n = len(frames[table]) if typed else 0
        out[table] = tuple(reader.records(table, cls, (), typed, n)) if typed else ()
    return out
