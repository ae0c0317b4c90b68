"""Importers: other formats into a :class:`~belarus_repression.Dataset`.

- :mod:`belarus_repression.importers.viasna`: the export of Viasna's political-prisoner
  database.
- :mod:`belarus_repression.importers.table`: your own CSV, XLSX or DataFrame, through a column
  mapping.

Both return an :class:`~belarus_repression.importers.viasna.ImportResult` that accounts for
every record and every field of it.
"""
