"""Malformed input of every kind yields the library's errors only; valid input yields none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import strategies as brst

FIXTURE_OK = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def only_library_errors(path: Path, fmt: str | None = None) -> br.Report:
    """validate() never raises; load() returns a dataset or raises ValidationError only."""
    report = br.validate(path, format=fmt)  # type: ignore[arg-type]
    try:
        br.load(path, format=fmt)  # type: ignore[arg-type]
    except br.ValidationError as exc:
        assert exc.problems, "a ValidationError always carries its problems"  # noqa: PT017
        assert not report.ok
    else:
        assert report.ok
    for problem in report.problems:
        assert problem.code in br._errors.CODES  # type: ignore[attr-defined]
    return report


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out += _paths(value, (*prefix, i))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def _delete(doc: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return {}
    target = doc
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return doc


@st.composite
def damaged_json(draw: st.DrawFn, ds: br.Dataset, tmp: Path) -> bytes:
    br.save(ds, tmp / "valid.json")
    raw = (tmp / "valid.json").read_bytes()
    kind = draw(
        st.sampled_from(
            [
                "replace",
                "delete",
                "extra",
                "truncate",
                "bytes",
                "utf16",
                "latin1",
                "bom",
                "deep",
                "huge",
                "ref",
            ]
        )
    )
    doc = json.loads(raw)
    if kind == "replace":
        path = draw(st.sampled_from(_paths(doc)))
        return json.dumps(_set(doc, path, draw(json_values))).encode()
    if kind == "delete":
        path = draw(st.sampled_from(_paths(doc)))
        return json.dumps(_delete(doc, path)).encode()
    if kind == "extra":
        objects = [p for p in _paths(doc) if isinstance(_get(doc, p), dict)]
        path = draw(st.sampled_from(objects))
        _get(doc, path)[draw(st.text(min_size=1, max_size=6))] = draw(json_values)
        return json.dumps(doc).encode()
    if kind == "truncate":
        return raw[: draw(st.integers(0, max(0, len(raw) - 1)))]
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "utf16":
        return raw.decode().encode("utf-16")
    if kind == "latin1":
        return raw.decode().replace("a", "\xe9", 1).encode("latin-1", errors="replace")
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    if kind == "deep":
        depth = draw(st.sampled_from([50, 500, 5000]))
        path = draw(st.sampled_from(_paths(doc)))
        text = json.dumps(_set(doc, path, "__DEEP__"))
        return text.replace('"__DEEP__"', "[" * depth + "]" * depth, 1).encode()
    if kind == "huge":
        path = draw(st.sampled_from(_paths(doc)))
        digits = draw(st.sampled_from([20, 400, 5000]))
        text = json.dumps(_set(doc, path, "__HUGE__"))
        return text.replace('"__HUGE__"', "9" * digits, 1).encode()
    # "ref": point a reference at nothing
    refs = [p for p in _paths(doc) if p and p[-1] in ("person_id", "pardon_wave", "source")]
    if refs:
        _set(doc, draw(st.sampled_from(refs)), "syn-missing")
    return json.dumps(doc).encode()


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


class TestMalformedJson:
    """Hypothesis-damaged JSON documents raise only ValidationError; validate never raises."""

    @FIXTURE_OK
    @given(ds=brst.datasets(max_persons=3), data=st.data())
    def test_damaged_documents(self, tmp_path: Path, ds: br.Dataset, data: st.DataObject) -> None:
        damaged = data.draw(damaged_json(ds, tmp_path))
        path = tmp_path / "damaged.json"
        path.write_bytes(damaged)
        only_library_errors(path)

    @FIXTURE_OK
    @given(ds=brst.datasets(max_persons=3))
    def test_valid_documents_have_no_errors(self, tmp_path: Path, ds: br.Dataset) -> None:
        br.save(ds, tmp_path / "ok.json")
        assert only_library_errors(tmp_path / "ok.json").ok


@st.composite
def damaged_csv(draw: st.DrawFn, folder: Path) -> None:
    tables = sorted(p for p in folder.glob("*.csv"))
    table = draw(st.sampled_from(tables))
    text = table.read_text(encoding="utf-8")
    lines = text.split("\r\n")
    kind = draw(
        st.sampled_from(
            ["drop_column", "extra_column", "cell", "truncate", "bytes", "short_row", "encoding"]
        )
    )
    if kind == "drop_column":
        header = lines[0].split(",")
        lines[0] = ",".join(header[:-1])
    elif kind == "extra_column":
        lines[0] += ",extra"
    elif kind == "cell" and len(lines) > 2:
        row = draw(st.integers(1, len(lines) - 2))
        cells = lines[row].split(",")
        cells[draw(st.integers(0, len(cells) - 1))] = draw(st.text(max_size=8)).replace("\r", "")
        lines[row] = ",".join(cells)
    elif kind == "short_row" and len(lines) > 2:
        lines[1] = lines[1].rsplit(",", 1)[0]
    elif kind == "truncate":
        cut = draw(st.integers(0, len(text)))
        table.write_text(text[:cut], encoding="utf-8", newline="")
        return
    elif kind == "bytes":
        table.write_bytes(draw(st.binary(max_size=100)))
        return
    elif kind == "encoding":
        table.write_bytes(text.encode("utf-16"))
        return
    table.write_text("\r\n".join(lines), encoding="utf-8", newline="")


class TestMalformedCsv:
    """Hypothesis-damaged CSV tables raise only ValidationError; validate never raises."""

    @FIXTURE_OK
    @given(ds=brst.datasets(max_persons=3), data=st.data())
    def test_damaged_tables(self, tmp_path: Path, ds: br.Dataset, data: st.DataObject) -> None:
        folder = tmp_path / "ds"
        br.save(ds, folder)
        data.draw(damaged_csv(folder))
        only_library_errors(folder)
