"""belarus-repression: typed, validated data and honest counts of political repression in Belarus.

Import it as ``import belarus_repression as br``.  Every name listed in ``__all__`` is public;
modules whose names start with an underscore are not.
"""

from __future__ import annotations

import importlib as _importlib
from typing import TYPE_CHECKING

from ._converter import make_converter, structure, unstructure
from ._counts import (
    convictions,
    deaths_in_custody,
    held_on,
    in_custody,
    observed,
    pardons,
    releases,
    term_summary,
    time_series,
    time_served_summary,
)
from ._dataset import Dataset, Index
from ._dates import DateLike, PartialDate, Precision, Qualifier, read_day
from ._errors import (
    BelarusRepressionError,
    HorizonError,
    Location,
    Problem,
    Report,
    Severity,
    UnknownKeyError,
    ValidationError,
)
from ._io._api import Format, load, load_lenient, save, validate
from ._models import (
    ArticleRef,
    Conviction,
    CustodySpell,
    Name,
    Observation,
    PardonWave,
    Person,
    ReportedFigure,
    Sentence,
    Source,
    Term,
)
from ._results import Breakdown, Count, Held, Summary, TimeSeries, TimeSeriesRow
from ._vocab import (
    EndReason,
    Gender,
    HealthCondition,
    Metric,
    ObservationKind,
    Recognition,
    RecordQualifier,
    Regime,
    Region,
    Role,
    Script,
    SentenceKind,
    TransliterationSystem,
)

if TYPE_CHECKING:
    from ._bundled import (
        CodeArticle,
        Figures,
        article,
        bundled_sources,
        criminal_code,
        pardon_waves,
        reported_figures,
    )
    from ._frames import from_arrow, from_pandas, to_arrow, to_pandas
    from ._io._limits import Limits
    from ._io._outcome import LenientLoad, Rejection
    from ._plot import plot_flows, plot_held
    from ._publish import (
        CellAudit,
        Pseudonymized,
        SuppressedBreakdown,
        SuppressedTables,
        pseudonymize,
        suppress,
    )
    from ._reconcile import ReconciledFigure, Reconciliation, Verdict, reconcile
    from ._report import Headline, HeadlineRow, headline
    from ._schema import json_schema
    from ._synthetic import synthetic
    from .estimate import (
        CaptureHistories,
        Estimate,
        EstimationError,
        ModelFit,
        SyntheticLists,
        capture_histories,
        estimate_total,
        synthetic_lists,
    )
    from .linkage import Link, MergeResult, link, merge
    from .names import NameMatch, match_names, transliterate

# Names whose modules are imported when first used, not with the package: they are the
# bundled data, the synthetic population and the publishing tools, which most sessions
# that load and count never touch (see docs/performance.md, "Import time").
_LAZY = {
    "Link": "linkage",
    "MergeResult": "linkage",
    "link": "linkage",
    "merge": "linkage",
    "CaptureHistories": "estimate",
    "Estimate": "estimate",
    "EstimationError": "estimate",
    "ModelFit": "estimate",
    "SyntheticLists": "estimate",
    "capture_histories": "estimate",
    "estimate_total": "estimate",
    "synthetic_lists": "estimate",
    "NameMatch": "names",
    "match_names": "names",
    "transliterate": "names",
    "CodeArticle": "_bundled",
    "Figures": "_bundled",
    "article": "_bundled",
    "bundled_sources": "_bundled",
    "criminal_code": "_bundled",
    "pardon_waves": "_bundled",
    "reported_figures": "_bundled",
    "from_arrow": "_frames",
    "from_pandas": "_frames",
    "to_arrow": "_frames",
    "to_pandas": "_frames",
    "LenientLoad": "_io._outcome",
    "Limits": "_io._limits",
    "Rejection": "_io._outcome",
    "plot_flows": "_plot",
    "plot_held": "_plot",
    "CellAudit": "_publish",
    "Pseudonymized": "_publish",
    "SuppressedBreakdown": "_publish",
    "SuppressedTables": "_publish",
    "pseudonymize": "_publish",
    "suppress": "_publish",
    "ReconciledFigure": "_reconcile",
    "Reconciliation": "_reconcile",
    "Verdict": "_reconcile",
    "reconcile": "_reconcile",
    "Headline": "_report",
    "HeadlineRow": "_report",
    "headline": "_report",
    "json_schema": "_schema",
    "synthetic": "_synthetic",
}


# Public submodules, imported when first used: ``br.names`` works without an import of its own.
_SUBMODULES = ("estimate", "importers", "linkage", "names", "strategies")


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is not None:
        return getattr(_importlib.import_module(f".{module}", __name__), name)
    if name in _SUBMODULES:
        return _importlib.import_module(f".{name}", __name__)
    # The version is read from the package metadata on first use: importlib.metadata is slow
    # to import, and most sessions never ask for it (attrs does the same).
    if name == "__version__":
        from importlib import metadata  # noqa: PLC0415

        try:
            return metadata.version("belarus-repression")
        except metadata.PackageNotFoundError:  # pragma: no cover - not installed
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names and submodules: every one of them imports."""
    from importlib.util import find_spec  # noqa: PLC0415

    # strategies needs the optional hypothesis extra: listed only where it can be imported.
    modules = [m for m in _SUBMODULES if m != "strategies" or find_spec("hypothesis")]
    return sorted({*__all__, *modules})


__all__ = [
    "ArticleRef",
    "BelarusRepressionError",
    "Breakdown",
    "CaptureHistories",
    "CellAudit",
    "CodeArticle",
    "Conviction",
    "Count",
    "CustodySpell",
    "Dataset",
    "DateLike",
    "EndReason",
    "Estimate",
    "EstimationError",
    "Figures",
    "Format",
    "Gender",
    "Headline",
    "HeadlineRow",
    "HealthCondition",
    "Held",
    "HorizonError",
    "Index",
    "LenientLoad",
    "Limits",
    "Link",
    "Location",
    "MergeResult",
    "Metric",
    "ModelFit",
    "Name",
    "NameMatch",
    "Observation",
    "ObservationKind",
    "PardonWave",
    "PartialDate",
    "Person",
    "Precision",
    "Problem",
    "Pseudonymized",
    "Qualifier",
    "Recognition",
    "ReconciledFigure",
    "Reconciliation",
    "RecordQualifier",
    "Regime",
    "Region",
    "Rejection",
    "Report",
    "ReportedFigure",
    "Role",
    "Script",
    "Sentence",
    "SentenceKind",
    "Severity",
    "Source",
    "Summary",
    "SuppressedBreakdown",
    "SuppressedTables",
    "SyntheticLists",
    "Term",
    "TimeSeries",
    "TimeSeriesRow",
    "TransliterationSystem",
    "UnknownKeyError",
    "ValidationError",
    "Verdict",
    "__version__",
    "article",
    "bundled_sources",
    "capture_histories",
    "convictions",
    "criminal_code",
    "deaths_in_custody",
    "estimate_total",
    "from_arrow",
    "from_pandas",
    "headline",
    "held_on",
    "in_custody",
    "json_schema",
    "link",
    "load",
    "load_lenient",
    "make_converter",
    "match_names",
    "merge",
    "observed",
    "pardon_waves",
    "pardons",
    "plot_flows",
    "plot_held",
    "pseudonymize",
    "read_day",
    "reconcile",
    "releases",
    "reported_figures",
    "save",
    "structure",
    "suppress",
    "synthetic",
    "synthetic_lists",
    "term_summary",
    "time_series",
    "time_served_summary",
    "to_arrow",
    "to_pandas",
    "transliterate",
    "unstructure",
    "validate",
]
