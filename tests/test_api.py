from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

import belarus_repression as br
from belarus_repression import strategies


def public_names(module: types.ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and getattr(value, "__module__", module.__name__) != "__future__"
        and name not in {"annotations", "TYPE_CHECKING"}
    }


class TestExports:
    """__all__ is sorted, complete and names only what exists."""

    @pytest.mark.parametrize("module", [br, strategies], ids=lambda m: m.__name__)
    def test_all_is_sorted_and_resolves(self, module: types.ModuleType) -> None:
        assert sorted(module.__all__) == list(module.__all__)
        for name in module.__all__:
            assert hasattr(module, name), name

    def test_top_level_all_matches_public_names(self) -> None:
        listed = {name for name in dir(br) if not name.startswith("_")}
        modules = {n for n in listed if isinstance(getattr(br, n), types.ModuleType)}
        assert public_names(br) <= set(br.__all__)
        assert listed - modules - {"annotations", "TYPE_CHECKING"} | {"__version__"} == set(
            br.__all__
        )

    def test_lazy_names_resolve_and_unknown_names_do_not(self) -> None:
        assert callable(br.synthetic)
        with pytest.raises(AttributeError):
            br.no_such_name  # noqa: B018

    def test_strategies_all_matches_public_functions(self) -> None:
        defined = {
            name
            for name, value in vars(strategies).items()
            if callable(value)
            and not name.startswith("_")
            and getattr(value, "__module__", None) == strategies.__name__
        }
        assert defined == set(strategies.__all__)

    def test_version_comes_from_metadata(self) -> None:
        from importlib.metadata import version

        assert version("belarus-repression") == br.__version__


class TestImport:
    """Importing the package pulls in no optional dependency."""

    def test_no_optional_dependency_imported(self) -> None:
        code = (
            "import sys, json, belarus_repression;"
            "print(json.dumps(sorted(m for m in ('hypothesis','pandas','matplotlib','pyarrow')"
            " if m in sys.modules)))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert [] == json.loads(out)
