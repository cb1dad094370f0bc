"""Sphinx configuration of the linkages documentation (builds offline: no intersphinx)."""

from pathlib import Path

import linkages

project = "linkages"
author = "the linkages authors"
copyright = "2025, the linkages authors"
release = version = linkages.__version__

extensions = [
    "myst_parser",              # Markdown pages
    "sphinx.ext.autodoc",       # API reference from docstrings
    "sphinx.ext.mathjax",       # formulas (rendered in the browser)
    "sphinx.ext.viewcode",
    "numpydoc",                 # numpydoc docstrings
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "README.md"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_typehints = "none"          # numpydoc's Parameters section says the types
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

html_theme = "alabaster"
html_static_path = ["_static"]
html_title = f"linkages {release}"
html_theme_options = {"description": "Network analysis of inter-organisational linkages"}


def _list_scale_page(app, docname, source):
    """Add docs/scale.md (large networks, written separately) to the index once it exists."""
    if docname == "index" and (Path(app.srcdir) / "scale.md").exists():
        source[0] = source[0].replace("\napi\n```", "\napi\nscale\n```")


def setup(app):
    app.connect("source-read", _list_scale_page)
