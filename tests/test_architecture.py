"""The code's shape: dependencies flow one way (``lint-imports``) with no hidden imports.

An import inside a function hides a dependency from the import contracts in
``setup.cfg`` and usually papers over a cycle. Only the application factory
(``portal/__init__.py``) imports inside functions, where it wires blueprints.
"""

import ast
from pathlib import Path

import portal

PORTAL = Path(portal.__file__).parent
FACTORY = PORTAL / "__init__.py"


def _function_level_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner.lineno, ast.unparse(inner)


def test_no_import_inside_a_function_outside_the_factory():
    found = [
        f"{path.relative_to(PORTAL.parent)}:{line}: {statement}"
        for path in sorted(PORTAL.rglob("*.py")) if path != FACTORY
        for line, statement in _function_level_imports(path)
    ]
    assert not found, "imports inside functions:\n" + "\n".join(found)


def test_the_check_finds_a_function_level_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\n\ndef f():\n    from portal import scoping\n    return scoping\n")
    assert list(_function_level_imports(sample)) == [(5, "from portal import scoping")]
