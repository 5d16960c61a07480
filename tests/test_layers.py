"""The layering stays true by construction: the maths imports no Django; the catalogue never imports the assessment."""

import ast
from pathlib import Path

import pytest

pytestmark = [pytest.mark.unit]

ROOT = Path(__file__).resolve().parent.parent
PURE_MODULES = ["scoring", "recommendations", "plan", "comparison", "charts", "questionnaire", "learning", "ad_target"]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (inline imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_imported_modules_sees_inline_and_from_imports(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("import os\nfrom a.b import c\ndef f():\n    import django.db\n    from .x import y\n")

    assert imported_modules(source) == {"os", "a.b", "django.db"}


@pytest.mark.parametrize("name", PURE_MODULES)
def test_pure_assessment_module_imports_no_django(name):
    imports = imported_modules(ROOT / "assessment" / f"{name}.py")

    assert sorted(m for m in imports if m == "django" or m.startswith("django.")) == []
    assert sorted(m for m in imports if m.startswith("career")) == []


def test_career_never_imports_assessment():
    offending = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m.split(".")[0] == "assessment")
        for path in sorted((ROOT / "career").rglob("*.py"))
    }

    assert {path: modules for path, modules in offending.items() if modules} == {}


@pytest.mark.parametrize("name", ["recognition", "recognition_corpus"])
def test_recognition_imports_no_django(name):
    imports = imported_modules(ROOT / "career" / f"{name}.py")

    assert sorted(m for m in imports if m == "django" or m.startswith("django.")) == []
