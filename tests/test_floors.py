"""Who may import whom: accounts/ is the ground floor, monitoring/ the top floor."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UPPER_FLOORS = {
    "partners",
    "practice",
    "agreements",
    "meetings",
    "announcements",
    "library",
    "monitoring",
}


def _imported_apps(app):
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                yield name.split(".")[0], path.relative_to(ROOT)


def test_accounts_imports_no_upper_floor():
    offending = {(app, str(path)) for app, path in _imported_apps("accounts")}
    assert {(app, path) for app, path in offending if app in UPPER_FLOORS} == set()


def test_nothing_below_imports_library():
    for app in ["accounts", "partners", "practice", "agreements", "meetings"]:
        assert "library" not in {name for name, _ in _imported_apps(app)}, app


def test_nothing_below_imports_monitoring():
    for app in [
        "accounts",
        "partners",
        "practice",
        "agreements",
        "meetings",
        "announcements",
        "library",
    ]:
        assert "monitoring" not in {name for name, _ in _imported_apps(app)}, app


def test_nothing_below_imports_announcements():
    for app in ["accounts", "partners", "practice", "agreements", "meetings"]:
        assert "announcements" not in {name for name, _ in _imported_apps(app)}, app
