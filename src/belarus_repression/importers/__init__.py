"""Importers: other formats into a :class:`~belarus_repression.Dataset`.

- :mod:`belarus_repression.importers.viasna`: the export of Viasna's political-prisoner
  database.
"""
