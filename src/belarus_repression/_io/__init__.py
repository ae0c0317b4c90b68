"""Reading and writing datasets: the JSON document and CSV tables with a data package."""

from typing import Final

#: The ``format`` a JSON document declares, and the newest ``version`` this library reads.
FORMAT: Final = "belarus-repression"
VERSION: Final = 1
#: Key of the library's metadata in a data package descriptor, and the descriptor's name.
PACKAGE_KEY: Final = "belarus_repression"
DESCRIPTOR: Final = "datapackage.json"
