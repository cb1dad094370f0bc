"""Sphinx configuration of the linkages documentation (builds offline: no intersphinx)."""

import os
import re
import shutil
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
exclude_patterns = ["_build", "_generated", "README.md"]
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


#: Pages whose ```python blocks the build runs first, in docs/_generated/<page>/, so the
#: figures they save are made fresh by the build (never pasted) and shown on the page.
EXECUTED_PAGES = ["case_study", "guide/evolution"]
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _run_pages(app):
    """Execute the pages' code: an error stops the build (tests/test_docs.py builds it)."""
    import matplotlib

    matplotlib.use("Agg")
    for page in EXECUTED_PAGES:
        text = (Path(app.srcdir) / f"{page}.md").read_text(encoding="utf-8")
        folder = Path(app.srcdir) / "_generated" / page
        shutil.rmtree(folder, ignore_errors=True)      # nothing left from an earlier build
        folder.mkdir(parents=True)
        namespace: dict = {"__name__": "__docs__"}
        here = os.getcwd()
        os.chdir(folder)
        try:
            for i, block in enumerate(FENCE.findall(text), start=1):
                exec(compile(block, f"{page}.md, block {i}", "exec"), namespace)
        finally:
            os.chdir(here)


def setup(app):
    app.connect("source-read", _list_scale_page)
    app.connect("builder-inited", _run_pages)
