"""Every code example in the docs and the README runs."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
BLOCK = re.compile(r"^```(pycon|python)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(page: Path) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in BLOCK.finditer(page.read_text(encoding="utf-8"))]


PAGES_WITH_EXAMPLES = [page for page in PAGES if blocks(page)]


class TestDocExamples:
    """A page's blocks run in order in one namespace, in a scratch folder.

    Each ```pycon block must pass as a doctest; each ```python block must run.
    """

    def test_there_are_examples(self) -> None:
        assert len(PAGES_WITH_EXAMPLES) >= 3

    @pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES, ids=lambda p: p.name)
    def test_page(self, page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
        parser = doctest.DocTestParser()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        for index, (kind, code) in enumerate(blocks(page)):
            name = f"{page.name}[{index}]"
            if kind == "python":
                exec(compile(code, name, "exec"), namespace)
                continue
            test = parser.get_doctest(code, namespace, name, str(page), 0)
            runner.run(test, clear_globs=False)
            namespace = test.globs  # get_doctest copied the namespace; carry it on
        result = runner.summarize(verbose=False)
        assert 0 == result.failed, f"{result.failed} of {result.attempted} examples failed"
