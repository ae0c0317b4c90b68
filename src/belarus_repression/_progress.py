"""Progress of long work: a tqdm bar, a line of text, or the caller's own callback.

The functions that take long (:func:`~belarus_repression.link`,
:func:`~belarus_repression.merge`) take ``progress=``:

* ``False`` (the default): nothing is shown;
* ``True``: a tqdm bar (``tqdm.auto``: in a terminal or a notebook) when the ``progress``
  extra is installed, otherwise a line of text on standard error every few seconds;
* a callable: called as ``callback(done, total)``, first with ``done == 0`` and last with
  ``done == total``, at most about 200 times in all.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Final

__all__ = ["Progress", "Reporter"]

#: What ``progress=`` takes: off, on, or a callback given ``(done, total)``.
Progress = bool | Callable[[int, int], object]

_CALLS: Final = 200
_TEXT_EVERY: Final = 2.0  # seconds between lines of the text fallback
_hinted = False


def _tqdm() -> Any:
    """The progress bar of ``tqdm.auto``, or ``None`` without the ``progress`` extra."""
    try:  # imported by name: an optional dependency, typed or not
        module = importlib.import_module("tqdm.auto")
    except ImportError:
        return None
    return module.tqdm


class Reporter:
    """Reports the progress of one piece of work of *total* steps, as *progress* asks."""

    def __init__(self, progress: Progress, total: int, what: str, unit: str = "it") -> None:
        if not (isinstance(progress, bool) or callable(progress)):
            raise TypeError(
                f"progress must be True, False or a callable taking (done, total), "
                f"not {type(progress).__name__}: {progress!r}"
            )
        self.total = max(0, total)
        self.done = 0
        self.what = what
        self.unit = unit
        self._step = max(1, -(-self.total // _CALLS))  # rounded up: at most _CALLS steps
        self._shown = 0
        self._callback: Callable[[int, int], object] | None = None
        self._bar: Any = None
        self._last_line = time.monotonic()
        self._text = False
        if progress is True:
            tqdm = _tqdm()
            if tqdm is not None:
                self._bar = tqdm(total=self.total, desc=what, unit=unit, dynamic_ncols=True)
            else:
                self._text = True
                self._hint()
        elif callable(progress) and not isinstance(progress, bool):
            self._callback = progress
            progress(0, self.total)

    def _hint(self) -> None:
        global _hinted  # noqa: PLW0603 - said once per process
        if not _hinted:
            _hinted = True
            sys.stderr.write(
                "(progress as text: install belarus-repression[progress] for a progress bar)\n"
            )
        sys.stderr.write(f"{self.what}: 0 of {self.total:,} {self.unit}\n")

    def advance(self, steps: int = 1) -> None:
        """Count *steps* more steps done; report when enough have been done since the last."""
        self.done += steps
        if self.done - self._shown >= self._step:
            self._show()

    def _show(self) -> None:
        done = min(self.done, self.total)
        if self._bar is not None:
            self._bar.update(done - self._shown)
        elif self._callback is not None:
            self._callback(done, self.total)
        elif self._text:
            now = time.monotonic()
            if now - self._last_line < _TEXT_EVERY and done < self.total:
                return
            self._last_line = now
            share = 100 * done // self.total if self.total else 100
            sys.stderr.write(f"{self.what}: {done:,} of {self.total:,} {self.unit} ({share}%)\n")
        self._shown = done

    def close(self) -> None:
        """Report the work as done."""
        self.done = self.total
        if self._shown < self.total:
            self._show()
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Reporter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        elif self._bar is not None:
            self._bar.close()
