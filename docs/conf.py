"""Sphinx configuration for the belarus-repression docs."""

from __future__ import annotations

import importlib.metadata

project = "belarus-repression"
author = "belarus-repression developers"
copyright = "2026, belarus-repression developers"
release = importlib.metadata.version("belarus-repression")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
nitpicky = False

# No intersphinx: the docs must build offline, on CI machines without network.

html_theme = "furo"
html_title = "belarus-repression"
