"""DataFrames and Arrow tables of datasets and results (the ``pandas`` and ``arrow`` extras).

A dataset becomes one DataFrame per table, laid out as the CSV tables are (one column per
field, nested fields joined with ``_``, names in a table of their own), with proper dtypes:

- a partial date keeps its text (``birth``) and gets its bounds as two datetime columns
  (``birth_earliest``, ``birth_latest``);
- a plain date is a datetime column (``datetime64[s]``, as the bounds are);
- a closed vocabulary is a categorical whose categories are the whole vocabulary;
- integers are nullable (``Int64``), booleans ``boolean``, text ``string``;
- multi-valued fields (roles, sources, articles, ...) are ``;``-separated text, as in CSV.

Every frame carries the dataset's ``as_of`` and ``synthetic`` flag in ``DataFrame.attrs``
(Arrow tables in their schema metadata), under the key the data package uses, so that
:func:`from_pandas` and :func:`from_arrow` give the dataset back.  Columns are built straight
from the records: a column of a few distinct values (a vocabulary, a date, a list of
sources) converts each distinct value once.

Reading frames back goes column by column too: each distinct cell is read once, as the CSV
tables read it when it is text and by its type otherwise (see :func:`from_pandas`), and the
records are built from the typed columns, so they convert nothing more.  Every problem is
located by table, row (the position in the frame) and column.

Results (:class:`~belarus_repression.Count`, ``Breakdown``, ``TimeSeries``, ``Summary``,
``Reconciliation``, ``Headline``) become one DataFrame of their rows.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import operator
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._dataset import TABLES, Records
from ._dates import PartialDate
from ._io import FORMAT, PACKAGE_KEY, VERSION
from ._io._tables import COLUMNS, NAME_COLUMNS, Column, join_list

if TYPE_CHECKING:
    from ._dataset import Dataset

# pandas, numpy and pyarrow are optional and imported on use: frames are typed Any.

__all__ = ["from_arrow", "from_pandas", "to_arrow", "to_pandas"]

_EPOCH: Final = dt.date(1970, 1, 1).toordinal()
#: numpy's NaT as an integer count of days.
_NAT: Final = -(2**63)


def _require(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"this needs {module}: pip install 'belarus-repression[{extra}]'"
        ) from None


# -- the layout: what each column holds ----------------------------------------------------


@attrs.frozen
class _Spec:
    """One column of a table with the record field it holds.

    Attributes:
        column: The column, as the CSV tables lay it out.
        tp: The field's annotated type.
        inner: The type without ``| None``.
        required: Whether the column must be there (the field and any record it sits in are
            required).
        vocabulary: The closed vocabulary of the field, when it has one.
    """

    column: Column
    tp: Any
    inner: Any
    required: bool
    vocabulary: type[enum.Enum] | None

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def partial(self) -> bool:
        return self.inner is PartialDate


def _attribute(cls: type[Any], path: tuple[str, ...]) -> tuple[Any, bool]:
    """The type of the field at *path* in *cls*, and whether every step of it is required."""
    from ._coerce import _optional_inner  # noqa: PLC0415

    tp: Any = cls
    required = True
    for key in path:
        tp = _optional_inner(tp) or tp
        required = required and attrs.fields_dict(tp)[key].default is attrs.NOTHING
        tp = typing.get_type_hints(tp)[key]
    return tp, required


@functools.cache
def _specs(table: str) -> tuple[_Spec, ...]:
    from ._coerce import _optional_inner  # noqa: PLC0415
    from ._io._package import _enum_of  # noqa: PLC0415
    from ._models import Name  # noqa: PLC0415

    specs = []
    cls = Name if table == "names" else TABLES[table]
    for column in NAME_COLUMNS if table == "names" else COLUMNS[table]:
        if table == "names" and column.name == "person_id":  # the link to its person
            specs.append(_Spec(column, str, str, required=True, vocabulary=None))
            continue
        tp, required = _attribute(cls, column.path)
        inner = _optional_inner(tp) or tp
        vocabulary = _enum_of(tp) if column.kind in ("word", "opt") else None
        specs.append(_Spec(column, tp, inner, required=required, vocabulary=vocabulary))
    return tuple(specs)


def _bound_columns(spec: _Spec) -> tuple[str, str]:
    return f"{spec.name}_earliest", f"{spec.name}_latest"


# -- records to frames -------------------------------------------------------------------------


def _paths(
    records: list[Any] | tuple[Any, ...],
    specs: tuple[_Spec, ...],
    values: dict[tuple[str, ...], list[Any]],
) -> dict[tuple[str, ...], list[Any]]:
    """The values at every column's path, one list per path (``None`` below a missing record).

    *values* holds the columns known already (a name's ``person_id``).
    """
    values[()] = list(records)
    for spec in specs:
        path = spec.column.path
        for depth in range(1, len(path) + 1):
            if path[:depth] not in values:
                parent, key = values[path[: depth - 1]], path[depth - 1]
                get = operator.attrgetter(key)
                values[path[:depth]] = [None if v is None else get(v) for v in parent]
    return values


def _distinct(values: list[Any]) -> tuple[list[int], list[Any]]:
    """Codes and distinct values (``None`` has code -1)."""
    index: dict[Any, int] = {}
    codes = []
    for value in values:
        if value is None:
            codes.append(-1)
            continue
        code = index.get(value)
        if code is None:
            code = index[value] = len(index)
        codes.append(code)
    return codes, list(index)


def _days(np: Any, codes: Any, days: list[int]) -> Any:
    """A ``datetime64[s]`` array of the days (ordinals) of the distinct values, by code."""
    table = np.array([*days, _NAT], dtype=np.int64)
    return table[codes].view("datetime64[D]").astype("datetime64[s]")


def _cell_text(spec: _Spec, value: Any) -> str:
    """The CSV text of a multi-valued field (``""`` when it is empty)."""
    kind = spec.column.kind
    if kind == "articles":
        return join_list([str(a) for a in value])
    if kind == "filter":
        return join_list([f"{k}={v}" for k, v in value])
    if isinstance(value, frozenset):
        return join_list(sorted(str(v) for v in value))
    return join_list([str(v) for v in value])


def _frame_columns(pd: Any, spec: _Spec, values: list[Any], data: dict[str, Any]) -> None:
    """Add the column (or columns) of one field to *data*."""
    import numpy as np  # noqa: PLC0415 - a dependency of pandas

    kind = spec.column.kind
    name = spec.name
    if spec.vocabulary is not None:
        members = {m: i for i, m in enumerate(spec.vocabulary)}
        at = np.array([-1 if v is None else members[v] for v in values], dtype=np.int8)
        data[name] = pd.Categorical.from_codes(at, [m.value for m in spec.vocabulary])
    elif kind in ("int", "optint"):
        data[name] = pd.array(values, dtype="Int64")
    elif kind == "bool":
        data[name] = pd.array(values, dtype="boolean")
    elif spec.inner is dt.date:
        codes, days = _distinct(values)
        data[name] = _days(
            np, np.array(codes, dtype=np.intp), [d.toordinal() - _EPOCH for d in days]
        )
    elif spec.partial:
        codes, dates = _distinct(values)
        at = np.array(codes, dtype=np.intp)
        texts = np.array([*(str(d) for d in dates), None], dtype=object)
        data[name] = pd.array(texts[at], dtype="string")
        earliest, latest = _bound_columns(spec)
        data[earliest] = _days(np, at, [d.earliest.toordinal() - _EPOCH for d in dates])
        data[latest] = _days(np, at, [d.latest.toordinal() - _EPOCH for d in dates])
    elif kind in ("list", "articles", "filter"):
        codes, distinct = _distinct(values)
        texts = np.array([*(_cell_text(spec, v) or None for v in distinct), None], dtype=object)
        data[name] = pd.array(texts[np.array(codes, dtype=np.intp)], dtype="string")
    else:
        data[name] = pd.array(values, dtype="string")


def _table_frame(
    pd: Any,
    table: str,
    records: list[Any] | tuple[Any, ...],
    known: dict[tuple[str, ...], list[Any]] | None = None,
) -> Any:
    specs = _specs(table)
    values = _paths(records, specs, known or {})
    data: dict[str, Any] = {}
    for spec in specs:
        _frame_columns(pd, spec, values[spec.column.path], data)
    return pd.DataFrame(data)


def _names_frame(pd: Any, persons: tuple[Any, ...]) -> Any:
    names = [name for person in persons for name in person.names]
    owners = [person.id for person in persons for _ in person.names]
    return _table_frame(pd, "names", names, {("person_id",): owners})


def _metadata(ds: Records) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "as_of": ds.as_of.isoformat(),
        "synthetic": ds.synthetic,
    }


def _dataset_frames(ds: Records) -> dict[str, Any]:
    pd = _require("pandas", "pandas")
    frames = {}
    for table in TABLES:
        frames[table] = _table_frame(pd, table, getattr(ds, table))
        if table == "persons":
            frames["names"] = _names_frame(pd, ds.persons)
    for frame in frames.values():
        frame.attrs[PACKAGE_KEY] = _metadata(ds)
    return frames


def to_pandas(obj: object) -> Any:
    """A dataset as a dict of DataFrames (one per table), or a result as one DataFrame.

    The tables are ``sources``, ``persons``, ``names`` (one row per name form, in order, by
    person), ``convictions``, ``custody``, ``pardon_waves``, ``observations`` and
    ``figures``, with the columns of the CSV tables plus, for each partial date, its bounds
    (``start_earliest``, ``start_latest``).  Each frame's ``attrs`` hold the dataset's
    ``as_of`` and ``synthetic`` flag, so that :func:`from_pandas` gives the dataset back.

    Args:
        obj: A :class:`~belarus_repression.Dataset`, or a result: ``Count``, ``Breakdown``,
            ``TimeSeries``, ``Summary``, ``Reconciliation``, ``Headline``.

    Returns:
        For a dataset, a dict of DataFrames by table name; for a result, a DataFrame.

    Raises:
        ImportError: naming the ``pandas`` extra when pandas is not installed.
        TypeError: for anything else.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Frames carry ``as_of`` and ``synthetic`` in ``attrs``; every date column is
       ``datetime64[s]``; columns are built from the records directly (a tenth of the time
       of loading the dataset from JSON).
    """
    pd = _require("pandas", "pandas")
    if isinstance(obj, Records):
        return _dataset_frames(obj)
    if hasattr(obj, "to_rows"):
        return pd.DataFrame(obj.to_rows())
    if hasattr(obj, "to_row"):
        return pd.DataFrame([obj.to_row()])
    raise TypeError(f"cannot make a DataFrame of {type(obj).__name__}")


def to_arrow(obj: object) -> Any:
    """Like :func:`to_pandas`, as pyarrow Tables (a dict of them for a dataset).

    A dataset's tables carry its ``as_of`` and ``synthetic`` flag in their schema metadata
    (key ``belarus_repression``, JSON), so that :func:`from_arrow` gives the dataset back.

    Args:
        obj: A :class:`~belarus_repression.Dataset`, or a result (as for :func:`to_pandas`).

    Returns:
        For a dataset, a dict of Tables by table name; for a result, a Table.

    Raises:
        ImportError: naming the ``arrow`` extra when pyarrow (or pandas) is not installed.
        TypeError: for anything else.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       A dataset's tables carry ``as_of`` and ``synthetic`` in their schema metadata.
    """
    pa = _require("pyarrow", "arrow")
    _require("pandas", "arrow")
    frames = to_pandas(obj)
    if isinstance(frames, dict):
        meta = json.dumps(_metadata(obj)).encode()  # type: ignore[arg-type]
        return {name: _table(pa, frame, meta) for name, frame in frames.items()}
    return _table(pa, frames)


def _table(pa: Any, frame: Any, meta: bytes | None = None) -> Any:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if meta is not None:
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), PACKAGE_KEY.encode(): meta}
        )
    return table


def from_pandas(
    frames: Mapping[str, Any],
    *,
    as_of: object = None,
    synthetic: bool | None = None,
) -> Dataset:
    """Build a dataset from DataFrames laid out as :func:`to_pandas` gives them.

    ``from_pandas(to_pandas(ds)) == ds``.  Frames a user made work as well: a table left out
    is empty, and a column left out leaves its field to its default (a table needs the
    columns of its required fields: ``id``, ``person_id``, ``start``, ...).  The bound
    columns of a partial date (``start_earliest``, ``start_latest``) may be left out; where
    they are there, they must agree with the date, which is what is read.

    Cells are read by what they hold.  A missing value (``None``, ``NaN``, ``NaT``,
    ``pd.NA``) or an empty text is an empty cell: the field's default (an empty list,
    ``None``), or a problem when the field is required.  Text is read as in the CSV tables
    (``2021-03`` for a date, ``342;361-1 p.1`` for articles, ``true`` or ``False`` for a
    boolean); a vocabulary value as its text, in a text or categorical column; a number in
    any integer or nullable-integer column, or as a whole float (``3.0``, as pandas stores
    integers in a column with gaps: ``3.5`` is refused); a date as a ``datetime64``,
    ``Timestamp`` or ``date`` (one day); a boolean as ``bool``, ``boolean`` or 0 and 1.

    Args:
        frames: DataFrames by table name: ``sources``, ``persons``, ``names``,
            ``convictions``, ``custody``, ``pardon_waves``, ``observations``, ``figures``.
        as_of: The day the data describes, in any form
            :func:`~belarus_repression.read_day` reads.  By default the one the frames carry
            in ``DataFrame.attrs`` (as :func:`to_pandas` gives them); frames that carry
            none, such as frames read from CSV files, need it.
        synthetic: Whether the data is invented; by default what the frames carry, else
            ``False``.

    Returns:
        The checked dataset; its warnings are on its ``report``, located as its errors are.

    Raises:
        ValidationError: listing every problem of the frames at once, each located by table,
            row (the position in the frame, ``frame.iloc[row]``) and column (the ``path`` of
            its location): unknown or missing columns, cells that cannot be read, records
            that break their own rules, and then the dataset's integrity rules.
        TypeError: when *frames* is not a mapping of DataFrames.
        ImportError: naming the ``pandas`` extra when pandas is not installed.

    .. versionadded:: 0.2.0
    """
    pd = _require("pandas", "pandas")
    from ._frames_read import read_frames  # noqa: PLC0415

    if not isinstance(frames, Mapping):
        raise TypeError(f"from_pandas() takes a dict of DataFrames, not {type(frames).__name__}")
    for name, frame in frames.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"frames[{name!r}] is a {type(frame).__name__}, not a DataFrame")
    return read_frames(pd, frames, as_of, synthetic)


def from_arrow(
    tables: Mapping[str, Any],
    *,
    as_of: object = None,
    synthetic: bool | None = None,
) -> Dataset:
    """Build a dataset from pyarrow Tables laid out as :func:`to_arrow` gives them.

    ``from_arrow(to_arrow(ds)) == ds``.  Each table is read as :func:`from_pandas` reads
    its DataFrame; ``as_of`` and ``synthetic`` come from the tables' schema metadata unless
    given.

    Args:
        tables: pyarrow Tables by table name (as :func:`from_pandas` takes frames).
        as_of: The day the data describes; by default the one the tables carry.
        synthetic: Whether the data is invented; by default what the tables carry.

    Returns:
        The checked dataset.

    Raises:
        ValidationError: listing every problem, located by table, row and column.
        TypeError: when *tables* is not a mapping of pyarrow Tables.
        ImportError: naming the ``arrow`` extra when pyarrow (or pandas) is not installed.

    .. versionadded:: 0.2.0
    """
    pa = _require("pyarrow", "arrow")
    _require("pandas", "arrow")
    if not isinstance(tables, Mapping):
        raise TypeError(f"from_arrow() takes a dict of Tables, not {type(tables).__name__}")
    frames = {}
    for name, table in tables.items():
        if not isinstance(table, pa.Table):
            raise TypeError(f"tables[{name!r}] is a {type(table).__name__}, not a pyarrow Table")
        frame = table.to_pandas()
        meta = (table.schema.metadata or {}).get(PACKAGE_KEY.encode())
        if meta is not None:
            try:
                frame.attrs[PACKAGE_KEY] = json.loads(meta)
            except ValueError:
                frame.attrs.pop(PACKAGE_KEY, None)
        frames[name] = frame
    return from_pandas(frames, as_of=as_of, synthetic=synthetic)
