"""Nothing lost, everything accounted: saves, lenient loading, importers and the command line.

Hostile cases for writing and accounting: folder saves under concurrency, injected failures and
``kill -9``; lenient accounting of damaged CSV; whatever loads saves and loads back equal, or is
refused at load; importers that reject one bad record and keep the rest; exit codes; CSV cells a
spreadsheet would run as formulas.  Every person here is invented.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import errno
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression import cli
from belarus_repression import strategies as brst
from belarus_repression._io import _atomic, _write
from belarus_repression._io._tables import FORMULA_START, protect, unprotect
from belarus_repression.cli import main
from belarus_repression.importers import table, viasna

AS_OF = dt.date(2025, 8, 1)
FORMATS = ["ds.json", "ds.zip", "ds"]
TMP_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def version(tag: str, n: int = 5) -> br.Dataset:
    """A dataset whose every table says *tag*: a mix of two versions cannot load equal."""
    persons = tuple(
        br.Person(f"syn-{tag}-p{i}", names=(br.Name("Syn", f"Tag{tag}{i}"),), synthetic=True)
        for i in range(n)
    )
    custody = tuple(
        br.CustodySpell(f"syn-{tag}-s{i}", p.id, "2021-03") for i, p in enumerate(persons)
    )
    return br.Dataset(AS_OF, persons=persons, custody=custody, synthetic=True)


OLD, NEW = version("a"), version("b")


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def fail_nth(real: Callable[..., Any], n: int, calls: list[int]) -> Callable[..., Any]:
    """*real*, except that its *n*-th call raises ``OSError(EIO)``."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == n:
            raise OSError(errno.EIO, "injected failure")
        return real(*args, **kwargs)

    return wrapped


@pytest.fixture(params=["exchange", "two-step"])
def swap_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Folder saves by an exchange of names, or (where there is none) in two renames."""
    if request.param == "two-step":
        monkeypatch.setattr(_atomic, "exchange", lambda a, b: False)
    elif _atomic._load_exchange() is None:
        pytest.skip("this system cannot exchange two names")
    return str(request.param)


# -- folder saves ------------------------------------------------------------------------------


class TestInjectedFailures:
    """A save that fails at any step leaves the old dataset in place, whole, and no debris."""

    @pytest.mark.parametrize("name", FORMATS)
    @pytest.mark.parametrize("call", ["rename", "replace"])
    def test_each_rename_fails_in_turn(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap_mode: str, name: str, call: str
    ) -> None:
        target = tmp_path / name
        br.save(OLD, target)
        real = getattr(os, call)
        for n in range(1, 10):
            calls = [0]
            monkeypatch.setattr(os, call, fail_nth(real, n, calls))
            try:
                br.save(NEW, target)
            except OSError:
                failed = True
            else:
                failed = False
            monkeypatch.setattr(os, call, real)
            assert [name] == listing(tmp_path)
            assert (OLD if failed else NEW) == br.load(target)
            if not failed:
                break
            br.save(NEW, target)  # a later save from the same process works
            assert NEW == br.load(target)
            br.save(OLD, target)
        assert not failed

    def test_exchange_fails(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        target = tmp_path / "ds"
        br.save(OLD, target)

        def broken(a: Path, b: Path) -> bool:
            raise OSError(errno.EIO, "injected failure")

        monkeypatch.setattr(_atomic, "exchange", broken)
        with pytest.raises(OSError, match="injected"):
            br.save(NEW, target)
        monkeypatch.undo()
        assert ["ds"] == listing(tmp_path)
        assert OLD == br.load(target)

    def test_first_save_fails(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        calls = [0]
        monkeypatch.setattr(os, "rename", fail_nth(os.rename, 2, calls))
        with pytest.raises(OSError, match="injected"):
            br.save(NEW, tmp_path / "ds")
        assert [] == listing(tmp_path)

    @pytest.mark.parametrize(
        ("name", "step"),
        [("ds.json", "_write_json"), ("ds.zip", "_csv_bytes"), ("ds", "write_file")],
    )
    def test_writing_fails_midway(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, step: str
    ) -> None:
        target = tmp_path / name
        br.save(OLD, target)
        calls = [0]
        real = getattr(_write, step)

        def explode(*args: Any) -> Any:
            calls[0] += 1
            if step == "_write_json":
                args[-1].write(b"{ half")  # a half-written document
                raise KeyboardInterrupt
            if calls[0] == 3:  # two tables written
                raise KeyboardInterrupt
            return real(*args)

        monkeypatch.setattr(_write, step, explode)
        with pytest.raises(KeyboardInterrupt):
            br.save(NEW, target)
        monkeypatch.undo()
        assert [name] == listing(tmp_path)
        assert OLD == br.load(target)

    def test_refuses_to_replace_a_folder_of_other_things(self, tmp_path: Path) -> None:
        (tmp_path / "notes").mkdir()
        (tmp_path / "notes" / "mine.txt").write_text("keep me", encoding="utf-8")
        with pytest.raises(FileExistsError, match="not a saved dataset"):
            br.save(NEW, tmp_path / "notes")
        assert "keep me" == (tmp_path / "notes" / "mine.txt").read_text(encoding="utf-8")
        (tmp_path / "plain").write_text("a file", encoding="utf-8")
        with pytest.raises(FileExistsError, match="not a folder"):
            br.save(NEW, tmp_path / "plain", format="csv")
        assert ["notes", "plain"] == listing(tmp_path)

    def test_an_empty_folder_is_replaced(self, tmp_path: Path) -> None:
        (tmp_path / "ds").mkdir()
        br.save(NEW, tmp_path / "ds")
        assert NEW == br.load(tmp_path / "ds")


def _writer(path: str, saves: int, two_step: bool, seed: int, out: Any) -> None:
    """Save OLD and NEW in turn (run in a child process)."""
    if two_step:
        _atomic.exchange = lambda a, b: False  # type: ignore[assignment]
    failed = 0
    for i in range(saves):
        try:
            br.save(OLD if (i + seed) % 2 else NEW, path)
        except Exception:  # noqa: BLE001 - counted: the test expects none
            failed += 1
    out.put(("saves", saves, failed))


def _reader(path: str, stop: Any, out: Any) -> None:
    """Load until told to stop, counting what each load saw (run in a child process)."""
    seen: Counter[str] = Counter()
    deadline = time.monotonic() + 60
    while not stop.is_set() and time.monotonic() < deadline:
        seen[_outcome(Path(path))] += 1
    out.put(("loads", dict(seen)))


def _outcome(path: Path) -> str:
    try:
        loaded = br.load(path)
    except br.ValidationError as exc:
        return "error " + ",".join(sorted({p.code for p in exc.problems}))
    return "old" if loaded == OLD else "new" if loaded == NEW else "mix"


#: Saves per writer in the concurrency tests.
SAVES = 8


class TestConcurrentSaves:
    """Several writers and readers at once: every save succeeds, every load is old or new."""

    @pytest.mark.xfail(
        strict=False,
        reason="known race, open in issue 14: a reader thread that cannot take the shared "
        "lock at once can read a version a writer thread is removing (table.missing, about "
        "1 run in 3 under load)",
    )
    def test_threads(self, tmp_path: Path, swap_mode: str) -> None:
        path = tmp_path / "ds"
        br.save(OLD, path)
        stop = threading.Event()
        errors: list[BaseException] = []
        seen: Counter[str] = Counter()

        def write(seed: int) -> None:
            for i in range(SAVES):
                try:
                    br.save(OLD if (i + seed) % 2 else NEW, path)
                except Exception as exc:  # noqa: BLE001 - collected: the test expects none
                    errors.append(exc)

        def read() -> None:
            while not stop.is_set():
                seen[_outcome(path)] += 1

        writers = [threading.Thread(target=write, args=(k,)) for k in range(4)]
        readers = [threading.Thread(target=read) for _ in range(3)]
        for thread in readers + writers:
            thread.start()
        for thread in writers:
            thread.join(60)
        stop.set()
        for thread in readers:
            thread.join(60)
        assert [] == errors
        assert set(seen) <= {"old", "new"}, seen
        assert sum(seen.values()) > 0
        br.save(NEW, path)  # removes the old versions that readers held when replaced
        assert ["ds"] == listing(tmp_path)

    @pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
    def test_processes(self, tmp_path: Path, swap_mode: str) -> None:
        path = tmp_path / "ds"
        br.save(OLD, path)
        ctx = multiprocessing.get_context("fork")
        out, stop = ctx.Queue(), ctx.Event()
        writers = [
            ctx.Process(target=_writer, args=(str(path), SAVES, swap_mode == "two-step", k, out))
            for k in range(3)
        ]
        readers = [ctx.Process(target=_reader, args=(str(path), stop, out)) for _ in range(3)]
        for process in readers + writers:
            process.start()
        results = [out.get(timeout=120) for _ in writers]
        stop.set()
        results += [out.get(timeout=120) for _ in readers]
        for process in readers + writers:
            process.join(30)
        assert [("saves", SAVES, 0)] * 3 == [r for r in results if r[0] == "saves"]
        seen: Counter[str] = Counter()
        for result in results:
            if result[0] == "loads":
                seen.update(result[1])
        assert set(seen) <= {"old", "new"}, seen
        br.save(NEW, path)  # removes the old versions that readers held when replaced
        assert ["ds"] == listing(tmp_path)


def _stuck_save(path: str, name: str) -> None:
    """Start saving, and hang after the first table (run in a child process, then killed)."""
    real = _write.write_file

    def hang(folder: Path, file: str, data: bytes) -> None:
        real(folder, file, data)
        time.sleep(120)

    _write.write_file = hang  # type: ignore[assignment]
    real_json = _write._write_json

    def hang_json(ds: br.Dataset, fh: Any) -> None:
        real_json(ds, fh)
        fh.flush()
        time.sleep(120)

    _write._write_json = hang_json  # type: ignore[assignment]
    br.save(NEW, Path(path) / name)


def _staging(folder: Path, name: str) -> list[str]:
    return [n for n in listing(folder) if n.startswith(f".{name}.")]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
class TestKilledSaves:
    """A save killed with SIGKILL leaves the old dataset; the next save removes its debris."""

    @pytest.mark.parametrize("name", ["ds", "ds.json"])
    def test_debris_removed_by_the_next_save(self, tmp_path: Path, name: str) -> None:
        target = tmp_path / name
        br.save(OLD, target)
        child = multiprocessing.get_context("fork").Process(
            target=_stuck_save, args=(str(tmp_path), name)
        )
        child.start()
        deadline = time.monotonic() + 30
        while not any(n.endswith(".tmp") for n in _staging(tmp_path, name)):
            assert time.monotonic() < deadline, "the child never started saving"
            time.sleep(0.01)
        time.sleep(0.05)
        br.save(OLD, target)  # the child still writes: its staging entry is left alone
        assert 1 == len(_staging(tmp_path, name))
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join(30)
        assert OLD == br.load(target)
        assert 1 == len(_staging(tmp_path, name))
        br.save(NEW, target)
        assert [name] == listing(tmp_path)
        assert NEW == br.load(target)


class TestReaderHoldsAVersion:
    """A reader reads one version to the end; what it held is removed by a later save."""

    def test_version_outlives_a_save(self, tmp_path: Path) -> None:
        path = tmp_path / "ds"
        br.save(OLD, path)
        with _atomic.FolderVersion.open(path) as held:
            br.save(NEW, path)
            assert NEW == br.load(path)
            assert b"syn-a-p0" in held.read("persons.csv")
            assert 1 == len(_staging(tmp_path, "ds"))
        br.save(NEW, path)
        assert ["ds"] == listing(tmp_path)

    def test_clean_stale_leaves_entries_in_use(self, tmp_path: Path) -> None:
        (tmp_path / ".ds.abc.init").mkdir()  # a writer not yet locked: young, left alone
        (tmp_path / ".ds.def.old").mkdir()  # moved aside by a save that did not finish
        (tmp_path / ".ds.ghi.tmp").mkdir()  # a killed save's staging folder
        (tmp_path / ".ds.json.jkl.tmp").write_bytes(b"{")  # a killed file save
        assert [".ds.ghi.tmp", ".ds.json.jkl.tmp"] == sorted(_atomic.clean_stale(tmp_path / "ds"))
        assert [".ds.abc.init", ".ds.def.old"] == listing(tmp_path)


# -- lenient accounting ------------------------------------------------------------------------


def _rewrite(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


class TestLenientAccounting:
    """For every table, names included: records read = loaded + rejected."""

    def test_names_of_a_person_rejected_by_a_rule(self, tmp_path: Path) -> None:
        path = tmp_path / "ds"
        br.save(OLD, path)
        rows = _rows(path / "persons.csv")
        rows[1][rows[0].index("birth")] = "2030"  # after as_of: the person is rejected
        _rewrite(path / "persons.csv", rows)
        result = br.load_lenient(path)
        assert (5, 4, 1) == result.accounting()["names"]
        rejected = [(r.table, [p.code for p in r.problems]) for r in result.rejected]
        assert ("names", ["ref.dropped"]) in rejected

    @TMP_OK
    @given(ds=brst.datasets(max_persons=4), data=st.data())
    def test_damaged_csv(self, tmp_path: Path, ds: br.Dataset, data: st.DataObject) -> None:
        folder = tmp_path / "ds"
        br.save(ds, folder)
        tables = sorted(p.name for p in folder.glob("*.csv"))
        for _ in range(data.draw(st.integers(1, 4))):
            path = folder / data.draw(st.sampled_from(tables))
            rows = _rows(path)
            if len(rows) < 2:
                continue
            row = data.draw(st.integers(1, len(rows) - 1))
            column = data.draw(st.integers(0, len(rows[0]) - 1))
            column_values = [r[column] for r in rows[1:]]
            hostile = ["", "x", "2030", "1800", "f", "-1", "syn-missing", "'", "a;b"]
            rows[row][column] = data.draw(st.sampled_from(hostile + column_values))
            _rewrite(path, rows)
        try:
            result = br.load_lenient(folder)
        except br.ValidationError:
            return  # the file as a whole cannot be used: nothing to account for
        for name, (read, loaded, rejected) in result.accounting().items():
            assert read == loaded + rejected, name


# -- whatever loads, saves and loads back ------------------------------------------------------

HOSTILE_TEXTS = [
    "",
    " ",
    "'",
    "''",
    "'=1",
    "=1+2",
    "+1",
    "-3",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "a;b",
    "\\",
    "x\x00y",
    "\u2028",
    "\ufeffx",
    "\U0001f600",
    "\ud800",
    "Алесь Бяляцкі",
]
HOSTILE_NUMBERS = [0, 10**18 - 1, 10**18, 10**30, -1]


def _targets(doc: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [
        (t, i, k)
        for t in ("sources", "persons", "convictions", "custody", "observations", "figures")
        for i, record in enumerate(doc[t])
        for k, v in record.items()
        if k != "id" and (v is None or isinstance(v, str | int | list))
    ]


class TestWhateverLoadsSaves:
    """A dataset that loads saves in every format and loads back equal, or is refused at load."""

    @TMP_OK
    @given(ds=brst.datasets(max_persons=3), data=st.data())
    def test_mutated_documents(self, tmp_path: Path, ds: br.Dataset, data: st.DataObject) -> None:
        br.save(ds, tmp_path / "in.json")
        doc = json.loads((tmp_path / "in.json").read_text(encoding="utf-8"))
        targets = _targets(doc)
        for _ in range(data.draw(st.integers(1, 3)) if targets else 0):
            table_name, index, key = data.draw(st.sampled_from(targets))
            value = doc[table_name][index][key]
            pool = HOSTILE_NUMBERS if isinstance(value, int) else HOSTILE_TEXTS
            new = copy.deepcopy(data.draw(st.sampled_from(pool)))
            if isinstance(value, list):
                new = data.draw(st.sampled_from([[new], [new, new], [*value, new]]))
            doc[table_name][index][key] = new
        (tmp_path / "in.json").write_text(json.dumps(doc), encoding="utf-8")
        try:
            loaded = br.load(tmp_path / "in.json")
        except br.ValidationError as exc:
            assert exc.problems  # noqa: PT017 - refused with its reasons
            return
        for name in FORMATS:
            br.save(loaded, tmp_path / name)
            assert loaded == br.load(tmp_path / name), name

    def test_a_lone_surrogate_is_refused(self, tmp_path: Path) -> None:
        doc = {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01"}
        doc["persons"] = [{"id": "syn-p-1", "names": [{"given": "A\ud800", "family": "B"}]}]
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(br.ValidationError) as info:
            br.load(path)
        assert [("text.unencodable", "$.persons[0].names[0].given")] == [
            (p.code, p.location.path) for p in info.value.problems
        ]

    @pytest.mark.parametrize("name", FORMATS)
    def test_a_built_surrogate_is_refused_at_save(self, tmp_path: Path, name: str) -> None:
        ds = br.Dataset(AS_OF, persons=(br.Person("syn-p-\udc80"),))
        with pytest.raises(br.ValidationError) as info:
            br.save(ds, tmp_path / name)
        assert [("text.unencodable", "persons", 0)] == [
            (p.code, p.location.table, p.location.row) for p in info.value.problems
        ]
        assert [] == listing(tmp_path)

    def test_an_integer_beyond_18_digits_is_refused(self, tmp_path: Path) -> None:
        doc = {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01"}
        doc["pardon_waves"] = [{"id": "syn-w-1", "date": "2024", "announced_count": 10**30}]
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(br.ValidationError) as info:
            br.load(path)
        assert ["count.too_large"] == [p.code for p in info.value.problems]
        with pytest.raises(br.ValidationError):
            br.PardonWave("syn-w-1", "2024", 10**18)
        assert 10**18 - 1 == br.PardonWave("syn-w-1", "2024", 10**18 - 1).announced_count

    @pytest.mark.parametrize("name", FORMATS)
    def test_an_empty_optional_text_is_none(self, tmp_path: Path, name: str) -> None:
        doc = {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01"}
        doc["persons"] = [{"id": "syn-p-1", "names": [{"given": "A", "family": "B"}]}]
        doc["persons"][0]["names"][0]["patronymic"] = ""
        doc["convictions"] = [{"id": "syn-c-1", "person_id": "syn-p-1", "court": ""}]
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        loaded = br.load(path)
        assert (None, None) == (
            loaded.persons[0].names[0].patronymic,
            loaded.convictions[0].court,
        )
        br.save(loaded, tmp_path / name)
        assert loaded == br.load(tmp_path / name)

    def test_an_empty_judge_is_refused(self) -> None:
        with pytest.raises(br.ValidationError) as info:
            br.Conviction("syn-c-1", "syn-p-1", judges=("Judge Syntetyk", " "))
        assert [("value.invalid", "judges[1]")] == [
            (p.code, p.location.path) for p in info.value.problems
        ]


# -- formula cells -----------------------------------------------------------------------------


class TestFormulaCells:
    """CSV text cells never start a formula, and read back exactly as written."""

    @given(text=st.text(max_size=8) | st.sampled_from(HOSTILE_TEXTS[:12]))
    def test_protect_is_reversible(self, text: str) -> None:
        cell = protect(text)
        assert cell[:1] not in FORMULA_START
        assert text == unprotect(cell)

    def test_cells_as_written(self, tmp_path: Path) -> None:
        source = br.Source("syn-src-1", '=HYPERLINK("http://x")', url="'")
        person = br.Person("-syn-p", names=(br.Name("'=A", "@B"),), sources=("syn-src-1",))
        ds = br.Dataset(AS_OF, sources=(source,), persons=(person,))
        br.save(ds, tmp_path / "ds")
        assert ["syn-src-1", '\'=HYPERLINK("http://x")', "'", "", ""] == _rows(
            tmp_path / "ds" / "sources.csv"
        )[1]
        assert ["'-syn-p", "''=A", "'@B"] == _rows(tmp_path / "ds" / "names.csv")[1][:3]
        assert ds == br.load(tmp_path / "ds")

    def test_a_foreign_quote_is_kept(self, tmp_path: Path) -> None:
        br.save(OLD, tmp_path / "ds")
        rows = _rows(tmp_path / "ds" / "names.csv")
        rows[1][rows[0].index("family")] = "'Brien"
        _rewrite(tmp_path / "ds" / "names.csv", rows)
        assert "'Brien" == br.load(tmp_path / "ds").persons[0].names[0].family

    def test_command_line_csv_is_protected(self) -> None:
        out = io.StringIO()
        cli._write_rows([{"source": "=cmd|' /C calc'!A0", "value": -3}], "csv", out)
        assert "source,value\n'=cmd|' /C calc'!A0,-3\n" == out.getvalue()
        status, text = run_cli("figures", "--format", "csv")
        assert 0 == status
        for row in csv.reader(io.StringIO(text)):
            assert all(cell[:1] not in FORMULA_START for cell in row)


# -- importers ---------------------------------------------------------------------------------


def viasna_record(**fields: Any) -> dict[str, Any]:
    """A flat export record of an invented person."""
    base = {
        "id": 9001,
        "name": "Aliaksandr Syntetykau",
        "status": "active",
        "gender": "male",
        "description": "journalist",
        "birthday": "1990-04-02",
        "arrested": "2021-03-04",
        "articles/0": "Art. 342 of the Criminal Code",
        "prison/title": "Penal colony No. 99",
        "decision": "3 years",
        "penalty": "imprisonment in a general-security penal colony",
        "verdict_date": "2021-09-01",
    }
    return base | fields


class TestViasnaHostileRecords:
    """A bad record is rejected or partly read with its location; the rest is imported."""

    @pytest.mark.parametrize(
        "fields",
        [
            {"articles/x": "Art. 342"},
            {"articles": {"a": "Art. 342", "b": 5}},
            {"__line__": "abc"},
            {"__line__": float("inf")},
            {"__line__": -3},
            {"description": 5, "release_date": "2022-01-01"},
            {"decision": "9" * 4400 + " years"},
            {"decision": "1" * 30 + " base value"},
            {"arrested": "9999-12-31", "status": "former"},
            {"arrested": "", "birthday": "9995-01-01"},
            {"arrested": "", "verdict_date": "", "release_date": "0001-01-01", "status": "former"},
            {"status": "former", "release_date": ""},
            {"name": "123 456"},
            {"name": 7},
        ],
    )
    @pytest.mark.parametrize("as_of", [None, dt.date(2023, 3, 1)])
    def test_one_bad_record(self, fields: dict[str, Any], as_of: dt.date | None) -> None:
        records = [viasna_record(id=1), viasna_record(id=2, **fields), viasna_record(id=3)]
        result = viasna.import_records(records, as_of=as_of)
        assert 3 == result.read == result.imported + result.rejected
        assert [0, 1, 2] == [r.row for r in result.records]
        assert {"viasna-1", "viasna-3"} <= {p.id for p in result.dataset.persons}

    def test_bad_line_number_is_reported(self) -> None:
        result = viasna.import_records([viasna_record(__line__="abc")], as_of=AS_OF)
        (report,) = result.records
        assert 0 == report.row
        assert ("__line__", "'abc'") == report.not_understood[0][:2]

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(
        mutations=st.lists(
            st.lists(
                st.tuples(
                    st.sampled_from([*viasna_record(), "died", "release_date", "__line__", "x"]),
                    st.one_of(
                        st.sampled_from(
                            ["", "FALSE", "9999-12-31", "0001-01-01", "former", "np", "life"]
                        ),
                        st.integers(),
                        st.floats(),
                        st.none(),
                        st.lists(st.sampled_from(["Art. 342", 1, None]), max_size=2),
                        st.dictionaries(st.sampled_from(["a", "0", "title"]), st.integers()),
                        st.text(max_size=10),
                    ),
                ),
                max_size=4,
            ),
            min_size=1,
            max_size=3,
        ),
        as_of=st.sampled_from([None, dt.date(2023, 3, 1)]),
    )
    def test_mutated_records(
        self, mutations: list[list[tuple[str, Any]]], as_of: dt.date | None
    ) -> None:
        records: list[object] = []
        for i, changes in enumerate(mutations):
            record = viasna_record(id=9000 + i)
            record.update(changes)
            records.append(record)
        records.append(["not", "a", "record"])
        result = viasna.import_records(records, as_of=as_of)
        assert len(records) == result.read == result.imported + result.rejected


TABLE_COLUMNS = {f"c{i}": field for i, field in enumerate(table.FIELDS)}


class TestTableHostileRows:
    """The table importer rejects or partly reads a bad row and imports the rest."""

    def test_a_row_that_is_not_a_dict(self) -> None:
        rows: list[Any] = [
            {"id": "1", "n": "Алена Сінтэцкая"},
            5,
            {"id": "2", "n": "Ірына Сінтэцкая"},
        ]
        mapping = {"columns": {"id": "person.id", "n": "person.name"}}
        result = table.import_table(rows, mapping, as_of="2025-08-01")
        assert (3, 2, 1) == (result.read, result.imported, result.rejected)
        assert [0, 1, 2] == [r.row for r in result.records]
        assert "not a row" in (result.records[1].rejected or "")

    def test_a_release_on_the_first_day(self) -> None:
        rows = [
            {"c0": "1", "c1": "Алена Сінтэцкая", "c16": "0001-01-01"},
            {"c0": "2", "c1": "Ірына Сінтэцкая", "c15": "2021-03-04"},
        ]
        columns = {"c0": "person.id", "c1": "person.name", "c15": "custody.start"}
        columns["c16"] = "custody.end"
        mapping = {"columns": columns, "undated_arrest_from": "2020-01-01"}
        result = table.import_table(rows, mapping, as_of="2025-08-01")
        assert 2 == result.read == result.imported + result.rejected

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(
        rows=st.lists(
            st.fixed_dictionaries(
                {
                    column: st.none()
                    | st.sampled_from(
                        ["", "9999-12-31", "0001-01-01", "31.12.9999", "x", "life", "9" * 5000]
                    )
                    | st.integers()
                    | st.floats()
                    | st.dates()
                    | st.text(max_size=6)
                    for column in TABLE_COLUMNS
                }
            ),
            min_size=1,
            max_size=3,
        ),
        rows_mode=st.sampled_from(["person", "case"]),
        undated=st.sampled_from([None, "0001-01-01"]),
    )
    def test_mutated_rows(
        self, rows: list[dict[str, Any]], rows_mode: str, undated: str | None
    ) -> None:
        mapping: dict[str, Any] = {"columns": TABLE_COLUMNS, "rows": rows_mode}
        if undated:
            mapping["undated_arrest_from"] = undated
        result = table.import_table(rows, mapping)
        assert result.read == result.imported + result.rejected


# -- the command line --------------------------------------------------------------------------


def run_cli(*argv: str, stdin: bytes | None = None) -> tuple[int, str]:
    out = io.StringIO()
    if stdin is None:
        return main(list(argv), out), out.getvalue()
    real = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        return main(list(argv), out), out.getvalue()
    finally:
        sys.stdin = real


DOC = {"format": "belarus-repression", "version": 1, "as_of": "2025-08-01"}


class TestExitCodes:
    """0 ok, 1 data problems, 2 usage or I/O; ``-`` reads a JSON document from stdin."""

    @pytest.mark.parametrize(
        "argv",
        [
            ["validate", "{missing}.json"],
            ["validate", "{missing}"],
            ["report", "{missing}.json"],
            ["report", "{missing}.zip"],
            ["series", "{missing}"],
            ["import", "viasna", "{missing}.json", "{out}.json"],
        ],
    )
    def test_missing_input_is_an_io_error(self, tmp_path: Path, argv: list[str]) -> None:
        filled = [a.format(missing=tmp_path / "nope", out=tmp_path / "out") for a in argv]
        assert 2 == run_cli(*filled)[0]

    @pytest.mark.parametrize(
        "argv",
        [
            ["report", "--as-of", "2025-13-01"],
            ["report", "--as-of", "yesterday"],
            ["report", "--min-cell", "0"],
            ["report", "--min-cell", "-5"],
            ["report", "--min-cell", "1"],
            ["report", "--min-cell", "2"],
            ["report", "--min-cell", "x"],
            ["validate", "-", "--format", "csv"],
        ],
    )
    def test_usage_errors(self, argv: list[str]) -> None:
        assert 2 == run_cli(*argv, stdin=b"{}")[0]

    def test_min_cell_accepted(self) -> None:
        assert 0 == run_cli("report", "--min-cell", "5")[0]

    def test_stdin(self) -> None:
        good = json.dumps(DOC | {"persons": [{"id": "syn-p-1"}]}).encode()
        status, text = run_cli("validate", "-", stdin=good)
        assert (0, "0 errors, 0 warnings in <stdin>") == (status, text.strip())
        status, text = run_cli("validate", "-", stdin=json.dumps(DOC | {"persons": 5}).encode())
        assert 1 == status
        assert "type.invalid" in text
        assert 1 == run_cli("validate", "-", stdin=b"{")[0]
        status, text = run_cli("report", "-", "--format", "json", stdin=good)
        assert 0 == status
        assert "SYNTHETIC" not in text

    def test_stdin_problems_name_stdin(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert 1 == run_cli("report", "-", stdin=b"[")[0]
        assert "<stdin>" in capsys.readouterr().err

    def test_unprintable_text_is_escaped(self, tmp_path: Path) -> None:
        doc = DOC | {"persons": [{"id": "syn-p-1", "gender": "x\ud800"}]}
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        status, text = run_cli("validate", str(path))
        assert 1 == status
        assert "\\ud800" in text

    def test_broken_pipe_is_quiet(self, tmp_path: Path) -> None:
        ds = br.Dataset(AS_OF, persons=(br.Person("syn-p-1"),))
        br.save(ds, tmp_path / "ds.json")
        command = [sys.executable, "-m", "belarus_repression", "series", str(tmp_path / "ds.json")]
        command += ["--freq", "day", "--start", "1950-01-01"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        process.stdout.read(10)
        process.stdout.close()
        _, err = process.communicate(timeout=120)
        assert (2, b"") == (process.returncode, err)


@pytest.fixture(autouse=True)
def _no_stray_children() -> Iterator[None]:
    """Every child process a test starts has ended when it ends."""
    yield
    for child in multiprocessing.active_children():
        child.kill()
        child.join(5)
