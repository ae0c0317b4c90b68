"""Hostile input: bounded work, nothing read outside the package, only the library's errors.

Crafted cases for each class of attack (quadratic parsing, zip bombs, huge cells and row
counts, deep nesting, paths out of the package, links, unlisted or duplicated tables and
keys, damaged archives), and a mutation fuzzer over saved synthetic data in every format.
``scripts/fuzz_hostile.py`` runs the same mutations for longer and counts the outcomes.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import shutil
import struct
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_repression as br
from belarus_repression._errors import CODES

FIXTURE_OK = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
#: Far more than any input here needs, far less than a hang: the loaders are linear.
BOUND_SECONDS = 20.0
FORMATS = ("json", "csv", "zip")


@functools.cache
def dataset() -> br.Dataset:
    """A few people of the synthetic data, with every kind of record."""
    full = br.synthetic(seed=0)
    people = sorted({s.person_id for s in full.custody})[:6]
    people += [c.person_id for c in full.convictions if c.person_id not in people][:4]
    people += [o.person_id for o in full.observations][:2]
    return full.subset(persons=people)


def saved(folder: Path, fmt: str) -> Path:
    """The dataset saved in *folder* in one format: ``json``, ``csv`` (a folder) or ``zip``."""
    path = folder / {"json": "ds.json", "csv": "ds", "zip": "ds.zip"}[fmt]
    br.save(dataset(), path)
    return path


# -- how every outcome must look ----------------------------------------------------------------


def short_and_escaped(report: br.Report) -> None:
    """Every problem names a known code, and shows foreign content short and escaped."""
    for problem in report.problems:
        assert problem.code in CODES
        text = str(problem)
        assert len(text) < 1200, text[:300]
        assert text.isprintable(), repr(text[:300])
        if problem.value is not None:
            assert len(problem.value) <= 80


def only_library_errors(path: Path, limits: br.Limits | None = None) -> br.Report:
    """validate never raises; load and load_lenient raise ValidationError only; in bounded time."""
    start = time.monotonic()
    report = br.validate(path, limits=limits)
    short_and_escaped(report)
    try:
        br.load(path, limits=limits)
    except br.ValidationError as exc:
        assert exc.problems  # noqa: PT017 - every outcome is checked, not one expected
        assert not report.ok
        short_and_escaped(exc.report)
    else:
        assert report.ok
    try:
        lenient = br.load_lenient(path, limits=limits)
    except br.ValidationError as exc:
        assert not report.ok
        short_and_escaped(exc.report)
    else:
        short_and_escaped(lenient.report)
    assert time.monotonic() - start < BOUND_SECONDS
    return report


def codes(report: br.Report) -> list[str]:
    return [p.code for p in report.errors]


def breaches(report: br.Report, limit: str) -> list[br.Problem]:
    found = [p for p in report.errors if p.code == "limit.exceeded"]
    assert found, str(report)
    assert all(f"Limits.{limit}" in p.message for p in found), str(report)
    assert all("raise it" in p.message for p in found)
    return found


def edit_csv(folder: Path, table: str, edit: Callable[[list[str]], list[str]]) -> None:
    path = folder / f"{table}.csv"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    path.write_bytes("\r\n".join(edit(lines)).encode("utf-8"))


def edit_descriptor(folder: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def rezip(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip, changing (or, for ``None``, leaving out) the members by *change*."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = change(name, old.read(name))
            if data is not None:
                new.writestr(name, data)
    return target


def seconds(action: Callable[[], object], repeat: int = 3) -> float:
    """The best of *repeat* runs, in CPU time (steadier than the clock on a busy machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def flat(action: Callable[[int], object], n: int) -> None:
    """The time of *action* on 4n characters is at most that of n times 4, and a margin."""
    small, large = seconds(lambda: action(n)), seconds(lambda: action(4 * n))
    assert large <= 4 * 3 * small + 0.25, (n, small, large)


# -- bounded work ------------------------------------------------------------------------------

date_alphabet = st.sampled_from(list("[].-/ 0123456789?~%AugustSeptember,"))


class TestLinearParsing:
    """Parsing time grows linearly with the length of the text, whatever the text."""

    def test_the_range_that_was_quadratic(self) -> None:
        def parse(n: int) -> None:
            with pytest.raises(br.ValidationError):
                br.PartialDate.parse("[" + "." * n)

        flat(parse, 32_000)

    @settings(deadline=None)
    @given(seed=st.lists(date_alphabet, min_size=1, max_size=12).map("".join))
    def test_dates(self, seed: str) -> None:
        def parse(n: int) -> None:
            text = (seed * (n // len(seed) + 1))[:n]
            with contextlib.suppress(br.ValidationError):
                br.PartialDate.parse(text)

        flat(parse, 20_000)

    @settings(deadline=None)
    @given(seed=st.text(st.sampled_from(list("342 p.()-;art\\ч")), min_size=1, max_size=8))
    def test_articles_and_lists(self, seed: str) -> None:
        from belarus_repression._io._tables import split_list

        def parse(n: int) -> None:
            text = (seed * (n // len(seed) + 1))[:n]
            split_list(text)
            with contextlib.suppress(br.ValidationError):
                br.ArticleRef.parse(text)

        flat(parse, 20_000)

    def test_a_long_date_cell_in_a_table(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        original = (folder / "custody.csv").read_bytes()

        def validate(n: int) -> None:
            (folder / "custody.csv").write_bytes(original)

            def lengthen(rows: list[str]) -> list[str]:
                cells = rows[1].split(",")
                cells[2] = "[" + "." * n
                return [rows[0], ",".join(cells), *rows[2:]]

            edit_csv(folder, "custody", lengthen)
            assert "date.invalid" in codes(br.validate(folder))

        flat(validate, 25_000)

    def test_a_long_date_in_a_document(self, tmp_path: Path) -> None:
        path = saved(tmp_path, "json")
        doc = json.loads(path.read_text(encoding="utf-8"))

        def validate(n: int) -> None:
            doc["custody"][0]["start"] = "[" + "." * n
            path.write_text(json.dumps(doc), encoding="utf-8")
            assert "date.invalid" in codes(br.validate(path))

        flat(validate, 25_000)


class TestLimits:
    """Each limit is enforced while reading, as a located problem that says how to raise it."""

    def test_defaults_hold_large_datasets(self) -> None:
        limits = br.Limits()
        assert limits.rows >= 4_000_000
        assert limits.file_size >= 4_000_000 * 350  # JSON takes about 350 bytes a record
        assert limits.unzipped_size >= 4_000_000 * 100  # CSV about 90
        assert limits.cell >= 100_000
        assert limits.depth >= 8

    @pytest.mark.parametrize(
        "bad", [{"rows": 0}, {"cell": -1}, {"depth": 5}, {"file_size": 1.5}, {"rows": True}]
    )
    def test_limits_are_checked(self, bad: dict[str, Any]) -> None:
        with pytest.raises(ValueError, match="Limits"):
            br.Limits(**bad)

    def test_limits_must_be_limits(self, tmp_path: Path) -> None:
        with pytest.raises(TypeError):
            br.load(saved(tmp_path, "json"), limits={"rows": 1})  # type: ignore[arg-type]

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_rows(self, tmp_path: Path, fmt: str) -> None:
        path = saved(tmp_path, fmt)
        report = br.validate(path, limits=br.Limits(rows=3))
        found = breaches(report, "rows")
        assert {"persons", "names"} & {p.location.table for p in found}
        with pytest.raises(br.ValidationError, match=r"Limits\.rows"):
            br.load_lenient(path, limits=br.Limits(rows=3))
        assert br.load(path, limits=br.Limits(rows=1000)) == dataset()

    def test_rows_are_counted_while_reading(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        edit_csv(folder, "custody", lambda rows: rows + [",,,,,,,,"] * 200_000)
        start = time.process_time()
        (problem,) = breaches(br.validate(folder, limits=br.Limits(rows=1000)), "rows")
        assert time.process_time() - start < 5
        assert ("custody", 1002) == (problem.location.table, problem.location.row)

    def test_a_run_of_empty_lines_is_one_problem(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        edit_csv(folder, "custody", lambda rows: [*rows[:2], *[""] * 300_000, *rows[2:]])
        start = time.process_time()
        report = only_library_errors(folder)
        assert time.process_time() - start < 10
        (problem,) = report.errors
        assert ("csv.row_length", "custody", 3) == (
            problem.code,
            problem.location.table,
            problem.location.row,
        )
        assert "300,000 empty lines" in problem.message
        lenient = br.load_lenient(folder)
        assert (len(dataset().custody) + 1, len(dataset().custody), 1) == lenient.accounting()[
            "custody"
        ]

    @pytest.mark.parametrize("fmt", ["csv", "zip"])
    def test_a_long_cell(self, tmp_path: Path, fmt: str) -> None:
        folder = saved(tmp_path, "csv")

        def lengthen(rows: list[str]) -> list[str]:
            cells = rows[1].split(",")
            cells[-2] = "x" * 5000  # the facility
            return [rows[0], ",".join(cells), *rows[2:]]

        edit_csv(folder, "custody", lengthen)
        path = folder
        if fmt == "zip":
            path = tmp_path / "long.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in folder.iterdir():
                    archive.write(file, file.name)
        assert br.validate(path).ok
        (problem,) = breaches(br.validate(path, limits=br.Limits(cell=4000)), "cell")
        assert ("custody", 2, "facility") == (
            problem.location.table,
            problem.location.row,
            problem.location.path,
        )
        lenient = br.load_lenient(path, limits=br.Limits(cell=4000))
        assert [("custody", 2)] == [(r.table, r.row) for r in lenient.rejected]

    def test_a_cell_over_the_csv_module_limit(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")

        def lengthen(rows: list[str]) -> list[str]:
            cells = rows[1].split(",")
            cells[-2] = '"' + "x" * 300_000 + '"'
            return [rows[0], ",".join(cells), *rows[2:]]

        edit_csv(folder, "custody", lengthen)
        breaches(br.validate(folder), "cell")
        raised = br.Limits(cell=400_000)
        assert br.validate(folder, limits=raised).ok

    def test_one_huge_line(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        edit_csv(folder, "custody", lambda rows: [rows[0], "x" * 3_000_000, *rows[1:]])
        (problem,) = breaches(br.validate(folder), "cell")
        assert ("custody", 2) == (problem.location.table, problem.location.row)

    def test_json_strings_and_keys(self, tmp_path: Path) -> None:
        path = saved(tmp_path, "json")
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["persons"][1]["id"] = "p" * 300_000
        doc["custody"][0]["k" * 200_000] = 1
        path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
        found = breaches(br.validate(path), "cell")
        assert {("persons", 1), ("custody", 0)} == {
            (p.location.table, p.location.row) for p in found
        }
        lenient_rejects = {(r.table, r.row) for r in br.load_lenient(path).rejected}
        assert {("persons", 1), ("custody", 0)} <= lenient_rejects

    @pytest.mark.parametrize("where", ["record", "top", "descriptor"])
    def test_depth(self, tmp_path: Path, where: str) -> None:
        deep = json.loads("[" * 100 + "]" * 100)
        if where == "descriptor":
            folder = saved(tmp_path, "csv")
            edit_descriptor(folder, lambda d: d.__setitem__("extra", deep))
            (problem,) = breaches(br.validate(folder), "depth")
            assert "datapackage.json" == problem.location.table
            return
        path = saved(tmp_path, "json")
        doc = json.loads(path.read_text(encoding="utf-8"))
        if where == "record":
            doc["persons"][2]["roles"] = deep
        else:
            doc["extra"] = deep
        path.write_text(json.dumps(doc), encoding="utf-8")
        report = br.validate(path)
        (problem,) = breaches(report, "depth")
        if where == "record":
            assert ("persons", 2) == (problem.location.table, problem.location.row)
        raised = br.validate(path, limits=br.Limits(depth=200))
        assert "limit.exceeded" not in codes(raised)

    def test_nested_past_the_parser(self, tmp_path: Path) -> None:
        path = tmp_path / "deep.json"
        path.write_bytes(b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
        assert ["file.syntax"] == codes(only_library_errors(path))

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_file_size(self, tmp_path: Path, fmt: str) -> None:
        path = saved(tmp_path, fmt)
        found = breaches(br.validate(path, limits=br.Limits(file_size=2000)), "file_size")
        assert found[0].location.file == str(path)

    def test_an_endless_file_is_read_only_to_the_limit(self) -> None:
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero")
        limits = br.Limits(file_size=1 << 20)
        report = br.validate("/dev/zero", format="json", limits=limits)
        breaches(report, "file_size")

    def test_a_zip_bomb(self, tmp_path: Path) -> None:
        """A member a thousand times its packed size is refused before it is unpacked."""
        path = rezip(
            saved(tmp_path, "zip"),
            tmp_path / "bomb.zip",
            lambda name, data: (
                data + b",,,,,,,,\r\n" * 2_000_000 if name == "custody.csv" else data
            ),
        )
        assert path.stat().st_size < 200_000
        start = time.process_time()
        (problem,) = breaches(br.validate(path), "compression_ratio")
        assert time.process_time() - start < 2
        assert "custody" == problem.location.table

    def test_one_huge_cell_in_a_small_zip(self, tmp_path: Path) -> None:
        """The 7.4 GB case: a raised ratio still stops at the line, without unpacking it all."""
        path = rezip(
            saved(tmp_path, "zip"),
            tmp_path / "cell.zip",
            lambda name, data: (
                data[:-2] + b"x" * 50_000_000 + b"\r\n" if name == "custody.csv" else data
            ),
        )
        breaches(br.validate(path), "compression_ratio")
        limits = br.Limits(compression_ratio=10_000)
        import tracemalloc

        tracemalloc.start()
        try:
            report = br.validate(path, limits=limits)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        breaches(report, "cell")
        assert peak < 40_000_000

    def test_unzipped_size(self, tmp_path: Path) -> None:
        path = saved(tmp_path, "zip")
        breaches(br.validate(path, limits=br.Limits(unzipped_size=20_000)), "unzipped_size")


# -- nothing outside the package ------------------------------------------------------------------


def set_path(table: str, path: object) -> Callable[[dict[str, Any]], None]:
    def edit(descriptor: dict[str, Any]) -> None:
        for resource in descriptor["resources"]:
            if resource["name"] == table:
                resource["path"] = path

    return edit


class TestOutsideThePackage:
    """A package reads its own regular files and nothing else."""

    @pytest.mark.parametrize(
        "path",
        [
            "/etc/passwd",
            "/dev/zero",
            "../ds.json",
            "sub/../../ds.json",
            "..",
            "https://example.org/persons.csv",
            "C:\\persons.csv",
            "persons.csv\\..\\x",
            "",
            "persons.csv\x00",
        ],
    )
    def test_paths_out_of_the_package(self, tmp_path: Path, path: str) -> None:
        saved(tmp_path, "json")
        folder = saved(tmp_path, "csv")
        (folder / "persons.csv").unlink()
        edit_descriptor(folder, set_path("persons", path))
        report = only_library_errors(folder)
        assert ("package.path", "persons") in {(p.code, p.location.table) for p in report.errors}

    def test_paths_out_of_a_zip(self, tmp_path: Path) -> None:
        source = saved(tmp_path, "zip")

        def change(name: str, data: bytes) -> bytes | None:
            if name != "datapackage.json":
                return data
            descriptor = json.loads(data)
            set_path("custody", "../custody.csv")(descriptor)
            return json.dumps(descriptor).encode()

        path = rezip(source, tmp_path / "out.zip", change)
        assert "package.path" in codes(only_library_errors(path))

    def test_a_path_into_a_subfolder_is_fine(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        (folder / "tables").mkdir()
        (folder / "custody.csv").rename(folder / "tables" / "custody.csv")
        edit_descriptor(folder, set_path("custody", "./tables/custody.csv"))
        assert br.load(folder) == dataset()

    @pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
    @pytest.mark.parametrize("target", ["outside", "inside", "folder", "descriptor"])
    def test_links_are_refused(self, tmp_path: Path, target: str) -> None:
        folder = saved(tmp_path, "csv")
        secret = tmp_path / "secret.csv"
        secret.write_text("the first line of a secret\n", encoding="utf-8")
        if target == "outside":
            (folder / "persons.csv").unlink()
            (folder / "persons.csv").symlink_to(secret)
        elif target == "inside":
            (folder / "persons.csv").rename(folder / "real.csv")
            (folder / "persons.csv").symlink_to(folder / "real.csv")
        elif target == "folder":
            (tmp_path / "elsewhere").mkdir()
            (folder / "persons.csv").rename(tmp_path / "elsewhere" / "persons.csv")
            (folder / "sub").symlink_to(tmp_path / "elsewhere")
            edit_descriptor(folder, set_path("persons", "sub/persons.csv"))
        else:
            (folder / "datapackage.json").rename(tmp_path / "real.json")
            (folder / "datapackage.json").symlink_to(tmp_path / "real.json")
        report = only_library_errors(folder)
        assert "package.path" in codes(report)
        assert "secret" not in str(report)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
    def test_a_pipe_is_not_opened(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        (folder / "persons.csv").unlink()
        os.mkfifo(folder / "persons.csv")
        assert "package.path" in codes(only_library_errors(folder))

    def test_a_folder_as_a_table(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        (folder / "persons.csv").unlink()
        (folder / "persons.csv").mkdir()
        assert "package.path" in codes(only_library_errors(folder))

    def test_a_device_as_a_package(self) -> None:
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero")
        assert ["file.unreadable"] == codes(br.validate("/dev/zero"))


class TestNothingIgnored:
    """A table the descriptor does not list, or lists twice, or a repeated key, is an error."""

    @pytest.mark.parametrize("fmt", ["csv", "zip"])
    def test_an_unlisted_table(self, tmp_path: Path, fmt: str) -> None:
        folder = saved(tmp_path, "csv")

        def drop(descriptor: dict[str, Any]) -> None:
            descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "custody"]

        edit_descriptor(folder, drop)
        path = folder
        if fmt == "zip":
            path = Path(shutil.make_archive(str(tmp_path / "ul"), "zip", folder))
        report = only_library_errors(path)
        assert ["package.unlisted"] == codes(report)
        assert "'custody.csv'" == report.errors[0].value

    def test_hidden_files_and_other_files_are_not_tables(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        (folder / "._persons.csv").write_bytes(b"\x00\x05\x16\x07")
        (folder / "README.md").write_text("notes", encoding="utf-8")
        assert br.validate(folder).ok

    def test_a_repeated_resources_key(self, tmp_path: Path) -> None:
        folder = saved(tmp_path, "csv")
        text = (folder / "datapackage.json").read_text(encoding="utf-8")
        text = text.replace('"resources":', '"resources": [], "resources":', 1)
        (folder / "datapackage.json").write_text(text, encoding="utf-8")
        report = only_library_errors(folder)
        assert ["key.duplicate"] == codes(report)
        assert "$.resources" == report.errors[0].location.path

    @pytest.mark.parametrize(
        ("edit", "code"),
        [
            (lambda d: d.__setitem__("resources", 5), "type.invalid"),
            (lambda d: d.__setitem__("resources", {"name": "persons"}), "type.invalid"),
            (lambda d: d["resources"].append(7), "type.invalid"),
            (lambda d: d["resources"][0].__setitem__("name", ["persons"]), "type.invalid"),
            (lambda d: d["resources"][0].__setitem__("name", {"a": 1}), "type.invalid"),
            (lambda d: d["resources"][0].__setitem__("path", ["a.csv", "b.csv"]), "type.invalid"),
            (lambda d: d["resources"][0].pop("path"), "field.missing"),
            (lambda d: d["resources"].append(dict(d["resources"][0])), "package.duplicate"),
            (lambda d: d["resources"].append({"name": "notes", "path": "x"}), "package.unlisted"),
        ],
    )
    def test_bad_resources(
        self, tmp_path: Path, edit: Callable[[dict[str, Any]], object], code: str
    ) -> None:
        folder = saved(tmp_path, "csv")
        edit_descriptor(folder, edit)
        assert code in codes(only_library_errors(folder))

    def test_a_duplicate_zip_member(self, tmp_path: Path) -> None:
        path = tmp_path / "dup.zip"
        with zipfile.ZipFile(saved(tmp_path, "zip")) as old, zipfile.ZipFile(path, "w") as new:
            for name in old.namelist():
                new.writestr(name, old.read(name))
            with pytest.warns(UserWarning, match="Duplicate name"):
                new.writestr("custody.csv", b"id\r\n")
        report = only_library_errors(path)
        assert [("package.duplicate", "custody")] == [
            (p.code, p.location.table) for p in report.errors
        ]

    @pytest.mark.parametrize("where", ["top", "record", "nested"])
    def test_repeated_json_keys(self, tmp_path: Path, where: str) -> None:
        path = saved(tmp_path, "json")
        text = path.read_text(encoding="utf-8")
        if where == "top":
            text = text.replace('"persons": [', '"persons": [], "persons": [', 1)
        elif where == "record":
            text = text.replace('"gender": ', '"gender": "male", "gender": ', 1)
        else:
            text = text.replace('"term": {', '"term": {"years": 99, ', 1)
        path.write_text(text, encoding="utf-8")
        report = only_library_errors(path)
        (problem,) = [p for p in report.errors if p.code == "key.duplicate"]
        if where != "top":
            lenient = br.load_lenient(path)
            assert [(problem.location.table, problem.location.row)] == [
                (r.table, r.row) for r in lenient.rejected if r.problems[0].code == "key.duplicate"
            ]

    def test_a_document_given_as_a_dict(self, tmp_path: Path) -> None:
        doc = json.loads(saved(tmp_path, "json").read_text(encoding="utf-8"))
        doc["persons"][0]["id"] = "x" * 200_000
        assert "limit.exceeded" in codes(br.validate(doc))
        assert "limit.exceeded" not in codes(br.validate(doc, limits=br.Limits(cell=300_000)))


# -- damaged archives -----------------------------------------------------------------------------


def patched(data: bytes, name: str, change: Callable[[zipfile.ZipInfo, bytearray], None]) -> bytes:
    """A zip's bytes with the local entry of member *name* changed in place."""
    buffer = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    change(info, buffer)
    return bytes(buffer)


def _corrupt_data(info: zipfile.ZipInfo, buffer: bytearray) -> None:
    start = info.header_offset + 30 + len(info.filename.encode()) + 4
    for i in range(start, start + 40):
        buffer[i] ^= 0x5A


def _encrypted(info: zipfile.ZipInfo, buffer: bytearray) -> None:
    central = buffer.rfind(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", buffer, central + 28)[0]
        if buffer[central + 46 : central + 46 + name_length] == info.filename.encode():
            flags = struct.unpack_from("<H", buffer, central + 8)[0]
            struct.pack_into("<H", buffer, central + 8, flags | 1)
        central = buffer.rfind(b"PK\x01\x02", 0, central)


def _method(info: zipfile.ZipInfo, buffer: bytearray) -> None:
    central = buffer.rfind(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", buffer, central + 28)[0]
        if buffer[central + 46 : central + 46 + name_length] == info.filename.encode():
            struct.pack_into("<H", buffer, central + 10, 99)
        central = buffer.rfind(b"PK\x01\x02", 0, central)
    struct.pack_into("<H", buffer, info.header_offset + 8, 99)


class TestDamagedArchives:
    """A zip member that cannot be unpacked is file.unreadable, located by its table."""

    @pytest.mark.parametrize("damage", [_corrupt_data, _encrypted, _method])
    @pytest.mark.parametrize("member", ["custody.csv", "datapackage.json"])
    def test_damaged_member(
        self,
        tmp_path: Path,
        damage: Callable[[zipfile.ZipInfo, bytearray], None],
        member: str,
    ) -> None:
        path = tmp_path / "damaged.zip"
        path.write_bytes(patched(saved(tmp_path, "zip").read_bytes(), member, damage))
        report = only_library_errors(path)
        table = member.removesuffix(".csv")
        assert ("file.unreadable", table) in {(p.code, p.location.table) for p in report.errors}

    @pytest.mark.parametrize("cut", [10, 100, 1000, -22, -100])
    def test_truncated_archive(self, tmp_path: Path, cut: int) -> None:
        data = saved(tmp_path, "zip").read_bytes()
        path = tmp_path / "cut.zip"
        path.write_bytes(data[:cut])
        assert not only_library_errors(path).ok


# -- the mutation fuzzer --------------------------------------------------------------------------

#: Texts whose long runs have hurt parsers: brackets and dots of dates, separators, quotes.
RUNS = ("[", ".", ",", "\n", '"', "{", "9", "\\", ";", "\r", "\x00", "ы", "[..", '{"a":')
KINDS = ("flip", "truncate", "duplicate", "insert", "delete")


def mutate(data: bytes, kind: str, where: float, size: int, run: str, byte: int) -> bytes:
    """One mutation of *data*; every parameter is drawn by the fuzzer.

    Args:
        data: The bytes of a saved file.
        kind: ``flip`` (xor a byte), ``truncate``, ``duplicate`` a slice, ``insert`` a long
            run of *run*, or ``delete`` a slice.
        where: Where, as a fraction of the length.
        size: How many bytes to duplicate or delete, or characters to insert.
        run: The text repeated by ``insert``.
        byte: The mask of ``flip``.
    """
    at = min(len(data), int(where * len(data)))
    if kind == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (byte or 1)]) + data[at + 1 :]
    if kind == "truncate":
        return data[:at]
    if kind == "duplicate":
        return data[: at + size] + data[at : at + size] + data[at + size :]
    if kind == "insert":
        return data[:at] + (run * (size // len(run) + 1))[:size].encode() + data[at:]
    return data[:at] + data[at + size :]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, float, int, str, int]:
    kind = draw(st.sampled_from(KINDS))
    size = draw(st.sampled_from([1, 7, 100, 5_000, 70_000, 200_000]))
    return (
        kind,
        draw(st.floats(0, 1)),
        size,
        draw(st.sampled_from(RUNS)),
        draw(st.integers(0, 255)),
    )


def mutated_copy(source: Path, fmt: str, target: Path, pick: float, change: Any) -> Path:
    """A copy of a saved dataset with one file (a table, or the archive itself) mutated."""
    if fmt == "csv":
        shutil.copytree(source, target)
        files = sorted(target.iterdir())
        victim = files[min(len(files) - 1, int(pick * len(files)))]
        victim.write_bytes(mutate(victim.read_bytes(), *change))
        return target
    if fmt == "zip" and pick < 0.5:  # a member's content, packed again
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
        victim_name = names[min(len(names) - 1, int(pick * 2 * len(names)))]
        return rezip(
            source,
            target,
            lambda name, data: mutate(data, *change) if name == victim_name else data,
        )
    target.write_bytes(mutate(source.read_bytes(), *change))
    return target


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("originals")
    return {fmt: saved(folder, fmt) for fmt in FORMATS}


class TestMutationFuzzer:
    """Mutated files of every format give only the library's errors, in bounded time."""

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_unmutated_files_are_valid(self, originals: dict[str, Path], fmt: str) -> None:
        report = only_library_errors(originals[fmt])
        assert report.ok, str(report)
        assert br.load(originals[fmt]) == dataset()

    @pytest.mark.parametrize("fmt", FORMATS)
    @FIXTURE_OK
    @given(change=mutations(), pick=st.floats(0, 0.999))
    def test_mutations(
        self, originals: dict[str, Path], fmt: str, change: Any, pick: float
    ) -> None:
        folder = Path(tempfile.mkdtemp(prefix="hostile-"))
        try:
            name = {"json": "m.json", "csv": "m", "zip": "m.zip"}[fmt]
            path = mutated_copy(originals[fmt], fmt, folder / name, pick, change)
            only_library_errors(path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


# -- many spells of one person ------------------------------------------------------------------


@st.composite
def spells_of_one_person(draw: st.DrawFn) -> list[tuple[int, br.CustodySpell]]:
    """Between 33 and 60 spells of one person, each a day, month or year, open or closed."""
    n = draw(st.integers(33, 60))
    out = []
    for row in range(n):
        year = draw(st.integers(2020, 2022))
        month = draw(st.integers(1, 12))
        start = draw(
            st.sampled_from(
                [
                    br.PartialDate.year(year),
                    br.PartialDate.month(year, month),
                    br.PartialDate.parse(f"{year}-{month:02d}-{draw(st.integers(1, 28)):02d}"),
                ]
            )
        )
        end = None
        if draw(st.booleans()):
            end_year = draw(st.integers(year, 2024))
            end = br.PartialDate.month(
                end_year, draw(st.integers(month if end_year == year else 1, 12))
            )
        reason = None if end is None else br.EndReason.SENTENCE_SERVED
        out.append((row, br.CustodySpell(f"s{row}", "p", start, end, reason)))
    return out


class TestManySpells:
    """With many spells of one person, overlaps are found in n log n, as the pairs would be."""

    @settings(deadline=None)
    @given(spells=spells_of_one_person())
    def test_the_same_spells_as_every_pair(self, spells: list[tuple[int, br.CustodySpell]]) -> None:
        from belarus_repression import _integrity as rules

        def meet(span: Any, a: br.CustodySpell, b: br.CustodySpell) -> bool:
            return rules._meet(span(a), span(b))

        expected = {
            row_b
            for i, (_, a) in enumerate(spells)
            for row_b, b in spells[i + 1 :]
            if meet(rules._certain_span, a, b)
        }
        found = {p.location.row for p in rules._overlaps_of_many(spells)}
        assert expected == found
        possibly = any(
            meet(rules._possible_span, a, b)
            for i, (_, a) in enumerate(spells)
            for _, b in spells[i + 1 :]
        )
        assert possibly == bool(rules._meetings(spells, rules._possible_span))

    def test_many_spells_take_linear_time(self) -> None:
        def check(n: int) -> None:
            doc = {
                "format": "belarus-repression",
                "version": 1,
                "as_of": "2025-08-01",
                "persons": [{"id": "p"}],
                "custody": [{"id": f"s{i}", "person_id": "p", "start": "2020"} for i in range(n)],
            }
            assert n - 1 == len(br.validate(doc).errors)

        flat(check, 2000)
