"""The layout rules of ARCHITECTURE.md that import-linter cannot see.

The layers themselves are import-linter contracts (pyproject.toml, run by `make lint`). These tests
hold the two rules beside them: an import made inside a function says why, in a comment beside it
(otherwise it is a layer crossing in disguise), and no app finds another app's model by a string.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("memorial", "home")


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _imports_inside_functions(tree):
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node


def _has_reason(lines, node):
    """A comment on the import's own line(s), or just above it or above the group of imports it is in."""
    if any("#" in line for line in lines[node.lineno - 1 : node.end_lineno]):
        return True
    above = node.lineno - 2
    while above >= 0 and (not lines[above].strip() or lines[above].strip().startswith(("import ", "from "))):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def test_imports_inside_functions_say_why():
    unexplained = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in _imports_inside_functions(ast.parse(source)):
            if not _has_reason(lines, node):
                unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert unexplained == [], "Imports inside functions without a reason beside them:\n" + "\n".join(unexplained)


OWN_APPS = {path.name for path in (ROOT / "memorial").iterdir() if (path / "apps.py").exists()} | {"home"}


def _finds_own_model_by_name(call):
    """`get_model("testimonies.TestimonyPage")`, `get_model("testimonies", ...)` or `get_model(label)`."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "get_model" and call.args):
        return False
    first = call.args[0]
    if not isinstance(first, ast.Constant):
        return True  # a name read from a variable: a dependency no contract can see
    return str(first.value).split(".")[0] in OWN_APPS


def test_no_app_finds_a_model_of_this_project_by_its_name():
    """Outside migrations, the archive's models are imported, never looked up by a string (which hides a
    dependency from the contracts); Django's and Wagtail's own models may be."""
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _finds_own_model_by_name(node):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("source", "explained"),
    [
        ("def f():\n    import os\n", False),
        ("def f():\n    import os  # only here: a reason\n", True),
        ("def f():\n    # apps are not ready before ready()\n    from os import path\n", True),
        ("import os\n", True),
        ("def f():\n    # the reason\n    import os\n    import re\n", True),
        ("def f():\n    x = 1\n    import os\n    import re\n", False),
        ("def f():\n    # the reason\n    import os\n\n    from . import re\n", True),
    ],
)
def test_the_import_rule_itself(source, explained):
    tree = ast.parse(source)
    lines = source.splitlines()
    assert all(_has_reason(lines, node) for node in _imports_inside_functions(tree)) is explained
