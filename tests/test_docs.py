"""The documentation builds (warnings are errors) and its Python code runs."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
# Python blocks fenced exactly ```python run; ```{code-block} python blocks (other
# libraries' code, shown for comparison) do not.
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
# (the pages the docs build itself executes, docs/conf.py EXECUTED_PAGES, run there)
EXECUTED_BY_BUILD = {"case_study.md", "guide/evolution.md"}
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
               if FENCE.search(p.read_text(encoding="utf-8"))
               and p.relative_to(DOCS).as_posix() not in EXECUTED_BY_BUILD
               and "_build" not in p.parts and "_generated" not in p.parts)


def python_blocks(page: str) -> list[str]:
    return FENCE.findall((DOCS / page).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES)
def test_page_code_runs(page, tmp_path, monkeypatch):
    """Every ```python block of the page, in order, in one namespace, in an empty folder."""
    pytest.importorskip("matplotlib").use("Agg")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__docs__"}
    for i, block in enumerate(python_blocks(page), start=1):
        try:
            exec(compile(block, f"{page}, block {i}", "exec"), namespace)
        except Exception as error:
            raise AssertionError(f"{page}, python block {i} failed: {error!r}\n{block}") from error


def test_tutorial_is_executed():
    assert "tutorial.md" in PAGES and len(python_blocks("tutorial.md")) >= 10


def test_api_reference_lists_every_public_name():
    import linkages as lk
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\.\. auto(?:function|class|exception):: (\w+)$", text, re.M))
    assert sorted(set(lk.__all__) - listed) == []


def test_docs_build_without_warnings(tmp_path):
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    pytest.importorskip("numpydoc")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-E", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-5000:]
    html = tmp_path / "html"
    for page in ("index", "tutorial", "api", "cli", "formats", "comparison", "guide/building",
                 "guide/clusters", "guide/leaders", "guide/export"):
        assert (html / f"{page}.html").is_file(), page
    assert 'id="linkages.find_clusters"' in (html / "api.html").read_text(encoding="utf-8")
    # the case study ran during the build: its figures are fresh and shown on its page
    case = (html / "case_study.html").read_text(encoding="utf-8")
    for figure in ("greece_openness.png", "greece_partners.png"):
        assert figure in case and (html / "_images" / figure).is_file(), figure
