"""DataFrames and Arrow tables of datasets and results (the ``pandas`` and ``arrow`` extras).

A dataset becomes one DataFrame per table, laid out as the CSV tables are (one column per
field, nested fields joined with ``_``, names in a table of their own), with proper dtypes:

- a partial date keeps its text (``birth``) and gets its bounds as two datetime columns
  (``birth_earliest``, ``birth_latest``);
- a plain date is a datetime column;
- a closed vocabulary is a categorical whose categories are the whole vocabulary;
- integers are nullable (``Int64``), booleans ``boolean``, text ``string``;
- multi-valued fields (roles, sources, articles, ...) are ``;``-separated text, as in CSV.

Results (:class:`~belarus_repression.Count`, ``Breakdown``, ``TimeSeries``, ``Summary``,
``Reconciliation``, ``Headline``) become one DataFrame of their rows.
"""

from __future__ import annotations

import enum
import typing
from typing import TYPE_CHECKING, Any

from ._dataset import TABLES, Records

if TYPE_CHECKING:
    from ._io._tables import Column

# pandas and pyarrow are optional and ship no type information: frames are typed Any.

__all__ = ["to_arrow", "to_pandas"]


def _require(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"this needs {module}: pip install 'belarus-repression[{extra}]'"
        ) from None


def _vocabulary(table: str, column: Column) -> type[enum.Enum] | None:
    from ._io._package import _enum_of, _field_type  # noqa: PLC0415
    from ._models import Name  # noqa: PLC0415

    cls = Name if table == "names" else TABLES[table]
    if column.name == "person_id" and table == "names":
        return None
    tp, _ = _field_type(cls, column.path)
    found = _enum_of(tp)
    return found if column.kind in ("word", "opt") else None


def _is_partial_date(table: str, column: Column) -> bool:
    from ._dates import PartialDate  # noqa: PLC0415
    from ._io._package import _field_type  # noqa: PLC0415

    if table == "names":
        return False
    tp, _ = _field_type(TABLES[table], column.path)
    return PartialDate in (tp, *typing.get_args(tp))


def _frame(table: str, columns: tuple[Column, ...], rows: list[list[str]]) -> Any:
    pd = _require("pandas", "pandas")
    from ._dates import PartialDate  # noqa: PLC0415

    data: dict[str, Any] = {}
    for i, column in enumerate(columns):
        cells = [row[i] for row in rows]
        name = column.name
        vocabulary = _vocabulary(table, column)
        if vocabulary is not None:
            categories = [m.value for m in vocabulary]
            data[name] = pd.Categorical([c or None for c in cells], categories=categories)
        elif column.kind in ("int", "optint"):
            data[name] = pd.array([int(c) if c else None for c in cells], dtype="Int64")
        elif column.kind == "bool":
            data[name] = pd.array([c == "true" if c else None for c in cells], dtype="boolean")
        elif column.schema_type == "date":
            data[name] = pd.to_datetime([c or None for c in cells])
        elif _is_partial_date(table, column):
            dates = [PartialDate.parse(c) if c else None for c in cells]
            data[name] = pd.array([c or None for c in cells], dtype="string")
            data[f"{name}_earliest"] = pd.to_datetime([d.earliest if d else None for d in dates])
            data[f"{name}_latest"] = pd.to_datetime([d.latest if d else None for d in dates])
        else:
            keep_empty = column.kind == "text"
            data[name] = pd.array([c if (c or keep_empty) else None for c in cells], dtype="string")
    return pd.DataFrame(data)


def _dataset_frames(ds: Records) -> dict[str, Any]:
    from ._converter import converter  # noqa: PLC0415
    from ._io._tables import COLUMNS, NAME_COLUMNS, flatten, flatten_names  # noqa: PLC0415

    conv = converter()
    frames = {}
    for table, cls in TABLES.items():
        plain = conv.unstructure(getattr(ds, table), tuple[cls, ...])  # type: ignore[valid-type]
        frames[table] = _frame(table, COLUMNS[table], [flatten(table, r) for r in plain])
        if table == "persons":
            names = [row for person in plain for row in flatten_names(person)]
            frames["names"] = _frame("names", NAME_COLUMNS, names)
    return frames


def to_pandas(obj: object) -> Any:
    """A dataset as a dict of DataFrames (one per table), or a result as one DataFrame.

    Args:
        obj: A :class:`~belarus_repression.Dataset`, or a result: ``Count``, ``Breakdown``,
            ``TimeSeries``, ``Summary``, ``Reconciliation``, ``Headline``.

    Raises:
        ImportError: naming the ``pandas`` extra when pandas is not installed.
        TypeError: for anything else.

    .. versionadded:: 0.1.0
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

    Raises:
        ImportError: naming the ``arrow`` extra when pyarrow (or pandas) is not installed.

    .. versionadded:: 0.1.0
    """
    pa = _require("pyarrow", "arrow")
    _require("pandas", "arrow")
    frames = to_pandas(obj)
    if isinstance(frames, dict):
        return {name: _table(pa, frame) for name, frame in frames.items()}
    return _table(pa, frames)


def _table(pa: Any, frame: Any) -> Any:
    return pa.Table.from_pandas(frame, preserve_index=False)
