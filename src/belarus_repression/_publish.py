"""Publishing safely: small cells suppressed across linked tables, people pseudonymised.

:func:`suppress` hides the cells of the tables published together that count between 1 and
``k - 1`` people (*primary suppression*) and further cells until no hidden one can be worked
out from the others (*secondary suppression*); :meth:`SuppressedTables.audit` checks that with
linear programming.  :func:`pseudonymize` replaces ids with keyed pseudonyms, drops names and
free text, generalises the quasi-identifiers until every person is one of at least k, and
shuffles the records.  The work is done in :mod:`._suppress` (with :mod:`._linked` and
:mod:`._audit`) and :mod:`._pseudonymize` (with :mod:`._kanon`).
"""

from __future__ import annotations

from ._pseudonymize import Pseudonymized, pseudonymize
from ._suppress import CellAudit, SuppressedBreakdown, SuppressedTables, suppress

__all__ = [
    "CellAudit",
    "Pseudonymized",
    "SuppressedBreakdown",
    "SuppressedTables",
    "pseudonymize",
    "suppress",
]
