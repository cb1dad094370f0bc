"""The layout's rules, checked by parsing the package with ``ast`` (no third-party tool).

- imports run one way: no cycle between linkages modules, no linkages import inside a
  function (heavy optional third-party packages may be imported there);
- no module imports a ``_private`` name from another module;
- no module or package is named after a standard-library module.

Each rule is a function over a package folder, so the tests below also show each rule
failing on a small throwaway package.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import linkages

PACKAGE = Path(linkages.__file__).parent


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package at ``root``."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(root: Path) -> list[tuple[str, str, list[str], bool]]:
    """(importer, imported module, names, inside a function) for every package import."""
    names = modules(root)
    package = root.name
    rows = []
    for module, path in names.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        functions = [node for node in ast.walk(tree)
                     if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        nested = {id(n) for f in functions for n in ast.walk(f) if n is not f}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:  # relative: resolve against the importer
                    base = module.split(".")
                    base = base if is_package else base[:-1]
                    base = base[:len(base) - node.level + 1]
                    target = ".".join(base + ([target] if target else []))
                if target.split(".")[0] != package:
                    continue
                imported = [a.name for a in node.names]
                # `from linkages.clusters import find` imports the module linkages.clusters.find
                for name in imported:
                    sub = f"{target}.{name}"
                    rows.append((module, sub if sub in names else target, [name],
                                 id(node) in nested))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == package:
                        rows.append((module, alias.name, [], id(node) in nested))
    return rows


def cycles(root: Path) -> list[list[str]]:
    """Import cycles among the package's modules (module-level and function-level)."""
    graph: dict[str, set[str]] = {m: set() for m in modules(root)}
    for importer, imported, _, _ in imports(root):
        if imported in graph and imported != importer:
            graph[importer].add(imported)
        # importing a.b.c runs a/__init__ and a/b/__init__ first
        parts = imported.split(".")
        for i in range(1, len(parts)):
            parent = ".".join(parts[:i])
            if parent in graph and parent != importer and not importer.startswith(parent + "."):
                graph[importer].add(parent)
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def imports_inside_functions(root: Path) -> list[str]:
    return [f"{importer} imports {imported} inside a function"
            for importer, imported, _, inside in imports(root) if inside]


def private_imports(root: Path) -> list[str]:
    return [f"{importer} imports {name} from {imported}"
            for importer, imported, names, _ in imports(root)
            for name in names if name.startswith("_") and not name.startswith("__")]


def stdlib_names(root: Path) -> list[str]:
    return [module for module in modules(root)
            if module.split(".")[-1] in sys.stdlib_module_names]


# -- the package keeps the rules ------------------------------------------------------------
def test_no_import_cycles():
    assert cycles(PACKAGE) == []


def test_no_package_imports_inside_functions():
    assert imports_inside_functions(PACKAGE) == []


def test_no_private_names_imported_across_modules():
    assert private_imports(PACKAGE) == []


def test_no_module_named_after_the_standard_library():
    assert stdlib_names(PACKAGE) == []


def test_subpackage_inits_only_describe():
    """Subpackage ``__init__`` files hold a docstring only, so ``linkages.measures.centrality``
    is the module and ``linkages.centrality`` the function, each reached one way."""
    for path in PACKAGE.glob("*/__init__.py"):
        if path.parent.name == "datasets":
            continue
        body = ast.parse(path.read_text(encoding="utf-8")).body
        code = [n for n in body if not (isinstance(n, ast.Expr)
                                        and isinstance(n.value, ast.Constant))]
        assert code == [], path


def test_every_folder_is_a_regular_package():
    """``pip install .`` (setuptools' find_packages) ships only folders with an __init__.py."""
    folders = {path.parent for path in PACKAGE.rglob("*.py")}
    assert sorted(str(f.relative_to(PACKAGE)) for f in folders
                  if not (f / "__init__.py").exists()) == []


def test_public_api_names_no_module():
    top = {m.split(".")[1] for m in modules(PACKAGE) if m.count(".") >= 1}
    assert not top & set(linkages.__all__)


# -- the rules fail when broken ---------------------------------------------------------------
def _throwaway(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_rules_fail_on_a_broken_package(tmp_path):
    root = _throwaway(tmp_path, {
        "__init__.py": "",
        "a.py": "from pkg.b import thing\n",
        "b.py": "def thing():\n    from pkg.a import other\n    return other\n",
        "c.py": "from pkg.a import _helper\n",
        "sub/__init__.py": "",
        "sub/json.py": "from .. import a\n",
    })
    assert cycles(root) == [["pkg.a", "pkg.b", "pkg.a"]]
    assert imports_inside_functions(root) == ["pkg.b imports pkg.a inside a function"]
    assert private_imports(root) == ["pkg.c imports _helper from pkg.a"]
    assert stdlib_names(root) == ["pkg.sub.json"]
