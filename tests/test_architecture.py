"""The house rules of hopelib, read from the code: small modules and classes, imports that run
one way only, and no private name used outside the module that defines it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import PROJECT

PACKAGE = PROJECT / "hopelib"
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 300

#: Modules still over the size limit, each with the redesign step that splits it.
#: The list only shrinks; a module that falls under the limit must leave it.
OVERSIZE_UNTIL_SPLIT: dict[str, str] = {}


def _modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of hopelib (migrations aside)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PROJECT).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``from … import`` names (relative levels resolved)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(module: str) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken, line) for each import of *module* at any depth."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            names = [alias.name for alias in node.names]
            submodules = [f"{source}.{n}" for n in names if f"{source}.{n}" in MODULES]
            found += [(sub, [], node.lineno) for sub in submodules]
            found.append(
                (source, [n for n in names if f"{source}.{n}" not in MODULES], node.lineno)
            )
    return [(m, names, line) for m, names, line in found if m.split(".")[0] == "hopelib"]


def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for module in MODULES:
        for target, _, _ in _imports(module):
            if target in MODULES and target != module:
                edges[module].add(target)
    return edges


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return circles


def _without_package_reexports(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` re-exports its modules; a module importing a sibling through
    the package is still a real edge, but the package → member edges are not a circle."""
    return {
        module: {t for t in targets if not (_is_package(module) and t.startswith(module + "."))}
        for module, targets in edges.items()
    }


def test_no_import_circles() -> None:
    circles = _circles(_without_package_reexports(_edges()))
    assert not circles, f"import circles: {circles}"


def test_no_private_name_crosses_a_module() -> None:
    crossings = []
    for module in MODULES:
        for target, names, line in _imports(module):
            if target == module:
                continue
            private = [
                n for n in names if n.startswith("_") and n != "_" and not n.startswith("__")
            ]
            if private:
                crossings.append(
                    f"{MODULES[module].relative_to(PROJECT)}:{line} {target} {private}"
                )
    assert not crossings, "\n".join(crossings)


def _defined_here(tree: ast.Module) -> set[str]:
    """Names a file defines: functions, classes, variables and attributes of self or its classes."""
    classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    owners = {"self", "cls", *classes}
    names = set(classes)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id in owners
        ):
            names.add(node.attr)
    return names


def _private_attributes(path: Path) -> list[str]:
    """``x._name`` where ``_name`` is not defined in this file: another module's private."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _defined_here(tree)
    return [
        f"{path.relative_to(PROJECT)}:{node.lineno} .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and node.attr not in own
    ]


@pytest.mark.parametrize("folder", ["hopelib", "tools"])
def test_no_private_attribute_is_reached_from_outside(folder: str) -> None:
    found = [
        hit
        for path in sorted((PROJECT / folder).rglob("*.py"))
        if "migrations" not in path.parts
        for hit in _private_attributes(path)
    ]
    assert not found, "\n".join(found)


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_modules_are_small() -> None:
    sizes = {str(path.relative_to(PROJECT)): _line_count(path) for path in MODULES.values()}
    too_big = {
        p: n for p, n in sizes.items() if n > MAX_MODULE_LINES and p not in OVERSIZE_UNTIL_SPLIT
    }
    assert not too_big, f"over {MAX_MODULE_LINES} lines: {too_big}"
    stale = [p for p in OVERSIZE_UNTIL_SPLIT if sizes.get(p, 0) <= MAX_MODULE_LINES]
    assert not stale, f"small now (or gone): remove from OVERSIZE_UNTIL_SPLIT: {stale}"


def test_classes_are_small() -> None:
    too_big = []
    for path in MODULES.values():
        if str(path.relative_to(PROJECT)) in OVERSIZE_UNTIL_SPLIT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno:
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_CLASS_LINES:
                    too_big.append(f"{path.relative_to(PROJECT)}:{node.lineno} {node.name} {lines}")
    assert not too_big, "\n".join(too_big)


#: The floors of the house (CONTRIBUTING.md): a module imports only from floors below its own.
#: Modules on one floor do not import each other. A new top-level module takes a floor here.
FLOORS = [
    {"config", "errors", "spreadsheet", "texts"},
    {"models"},
    {"i18n"},
    {"html", "tables", "kernels", "printing"},
    {"catalogue", "compare"},
    {"indicators", "sessions", "cache"},
    {"store"},
    {"charts", "imports", "workshop"},
    {"followup", "participant"},
    {"report"},
    {"export", "serve", "voila_app"},
    {"cli_catalogue", "cli_serve"},
    {"widgets", "cli"},
    {"__main__"},
]


def _floor_of(module: str) -> str:
    """The top-level part of ``hopelib.x.y`` (``x``)."""
    return module.split(".")[1]


def test_imports_only_go_down_the_floors() -> None:
    level = {name: number for number, names in enumerate(FLOORS) for name in names}
    tops = {_floor_of(m) for m in MODULES if m != "hopelib"}
    assert tops <= set(level), f"give these modules a floor in FLOORS: {tops - set(level)}"
    upward = sorted(
        f"{source} imports {target}"
        for source, targets in _edges().items()
        if source != "hopelib"
        for target in targets
        if target != "hopelib"
        and _floor_of(source) != _floor_of(target)
        and level[_floor_of(target)] >= level[_floor_of(source)]
    )
    assert upward == [], "imports that do not go down a floor:\n" + "\n".join(upward)
