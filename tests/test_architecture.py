"""The layers of docs/architecture.md, checked on the source: which package may import
which (imports inside functions count), and a core that names no NLP library."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "watchfloor"

RESOURCES = {"types", "errors", "version", "lang", "encoder", "verdicts"}
ALLOWED: dict[str, set[str]] = {
    "types": set(),
    "verdicts": set(),
    "version": set(),
    "views": set(),
    "errors": {"types"},
    "lang": {"types"},
    "encoder": {"errors"},
    "store": {"types", "errors", "verdicts"},
    "settings": {"errors", "store"},
    "ingest": RESOURCES | {"settings"},
    "extract": RESOURCES,
    "stance": RESOURCES,
    "link": RESOURCES,
    "assess": RESOURCES,
    "indicators": RESOURCES | {"assess"},
    "exchange": RESOURCES | {"store", "assess"},
    "pipeline": RESOURCES
    | {"settings", "store", "ingest", "extract", "stance", "link", "assess", "indicators"},
    "api": RESOURCES
    | {"settings", "store", "ingest", "assess", "indicators", "exchange", "pipeline", "views"},
    "cli": set(),  # the surface: anything
}
NLP_LIBRARIES = ("spacy", "thinc", "torch", "natasha", "pymorphy3", "pymorphy2", "razdel")
CORE = ("types", "store", "link", "assess", "lang")


def _imports() -> dict[str, set[tuple[str, str]]]:
    """package -> {(imported module, importing file)} for every import in the package."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        package = path.relative_to(SRC).parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found[package].add((node.module, path.name))
            elif isinstance(node, ast.Import):
                found[package].update((alias.name, path.name) for alias in node.names)
    return found


def test_each_package_imports_only_the_layers_below_it() -> None:
    wrong = []
    for package, modules in _imports().items():
        if package in ("cli", "__init__", "__main__"):
            continue
        assert package in ALLOWED, f"new package {package}: give it a layer here and in the docs"
        for module, file in modules:
            parts = module.split(".")
            if parts[0] != "watchfloor" or len(parts) < 2 or parts[1] == package:
                continue
            if parts[1] not in ALLOWED[package]:
                wrong.append(f"{package}/{file} imports {module}")
    assert not wrong, wrong


def test_the_core_names_no_nlp_library() -> None:
    imports = _imports()
    wrong = [
        f"{package}/{file} imports {module}"
        for package in CORE
        for module, file in imports[package]
        if module.split(".")[0] in NLP_LIBRARIES
    ]
    assert not wrong, wrong


def test_no_package_imports_the_top_level() -> None:
    """`from watchfloor import X` in a stage loads the package's lazy names; each stage
    imports what it needs from its home."""
    wrong = [
        f"{package}/{file}"
        for package, modules in _imports().items()
        for module, file in modules
        if module == "watchfloor" and package != "__main__"
    ]
    assert not wrong, wrong


def _module_graph() -> dict[str, set[str]]:
    """module -> the watchfloor modules it imports (at the top or inside functions);
    ``from package import module`` counts as importing the module."""
    modules = {
        ".".join(("watchfloor", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): path
        for path in SRC.rglob("*.py")
    }
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    graph[name].add(target if target in modules else node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(alias.name for alias in node.names)
        graph[name] = {t for t in graph[name] if t in modules and t != name}
    return graph


def test_no_two_modules_import_each_other() -> None:
    """A circle of imports between modules (not a package and its own parts) means two
    concerns that should be one, or a third that both should use."""
    graph = _module_graph()
    circles = []
    for name, targets in graph.items():
        for target in targets:
            if name in graph[target] and name < target:
                inside = target.startswith(name + ".") or name.startswith(target + ".")
                if not inside:
                    circles.append(f"{name} <-> {target}")
    assert not circles, circles
