"""The shape of the code (issue 12), read from the source with `ast`: which app may import which
(the README's "Architecture" table), every import inside a function says why, no app holds more
than a third of the project's lines, and the Celery tasks keep the names queued messages and
the beat schedule use."""
import ast
import io
import pathlib
import tokenize
from collections import defaultdict

from django.conf import settings

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Each app and the apps it may import, from the bottom of the stack to the top. The same table
# is in the README. Four pairs still import each other, each for a named reason:
# plans <-> reporting (publishing a plan creates its periods and reports; the plan's preview is
# the report form), plans <-> workbooks (a kind of value writes its cell; the workbook reads
# typed text with the plans' grammar), quality <-> reporting (the report pages show the soft
# checks; the checks read reports), compliance <-> reviews (the one export task makes either
# kind of Board document).
ALLOWED_IMPORTS = {
    "common": set(),
    "workbooks": {"plans"},
    "unions": {"common", "workbooks"},
    "accounts": {"unions"},
    "plans": {"accounts", "reporting", "unions", "workbooks"},
    "reporting": {"accounts", "common", "plans", "quality", "unions", "workbooks"},
    "quality": {"accounts", "plans", "reporting", "unions", "workbooks"},
    "notifications": {"accounts", "common", "plans", "reporting", "unions"},
    "compliance": {"common", "plans", "reporting", "reviews", "unions", "workbooks"},
    "reviews": {"compliance", "plans", "reporting", "unions", "workbooks"},
    "demo": {"accounts", "plans", "quality", "reporting", "unions"},
    "config": {"compliance", "reporting"},
    "bench": {"accounts", "compliance", "notifications", "plans", "quality", "reporting", "unions"},
    "tools": set(),
}
APPS = set(ALLOWED_IMPORTS)
# What counts as the project's code for the size rule: the Django apps, not config or tooling.
SIZED = APPS - {"config", "bench", "tools"}


def _modules():
    """(app, path) of every Python module of the project, migrations aside."""
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def _imported_apps(tree: ast.AST, app: str):
    """(line, app) for every import of another of the project's apps."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS and top != app:
                yield node.lineno, top


def _function_imports(tree: ast.AST) -> list[ast.stmt]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    found.add(inner)
    return sorted(found, key=lambda n: n.lineno)


def _comment_lines(source: str) -> tuple[set[int], set[int]]:
    """Lines holding a comment, and lines holding nothing but one."""
    lines = source.splitlines()
    commented = {token.start[0] for token in tokenize.generate_tokens(io.StringIO(source).readline)
                 if token.type == tokenize.COMMENT}
    alone = {n for n in commented if lines[n - 1].lstrip().startswith("#")}
    return commented, alone


def unexplained_function_imports(source: str) -> list[int]:
    """Lines of imports inside a function that carry no reason: a comment on the import's own
    line, or on the line just above the run of imports it belongs to (blank lines between
    imports do not end the run)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    commented, alone = _comment_lines(source)

    def follows(node, previous) -> bool:  # nothing but blank lines between the two imports
        return all(not line.strip() for line in lines[previous.end_lineno:node.lineno - 1])

    missing = []
    block: list[ast.stmt] = []
    for node in _function_imports(tree) + [None]:
        if block and (node is None or not follows(node, block[-1])):
            if block[0].lineno - 1 not in alone:
                missing += [n.lineno for n in block if n.lineno not in commented]
            block = []
        if node is not None:
            block.append(node)
    return missing


def test_every_app_imports_only_the_apps_below_it_in_the_table():
    refused = []
    for app, path in _modules():
        for line, other in _imported_apps(ast.parse(path.read_text()), app):
            if other not in ALLOWED_IMPORTS[app]:
                refused.append(f"{path.relative_to(ROOT)}:{line} imports {other}")
    assert refused == []


def test_every_import_inside_a_function_says_why():
    missing = [f"{path.relative_to(ROOT)}:{line}" for _, path in _modules()
               for line in unexplained_function_imports(path.read_text())]
    assert missing == []


def test_the_import_check_tells_an_explained_import_from_a_bare_one():
    source = (
        "def f():\n"
        "    # a reason\n"
        "    from a import b\n"
        "\n"
        "    from a import c\n"
        "    x = 1\n"
        "    from a import d\n"
        "    from a import e  # a reason\n"
    )
    assert unexplained_function_imports(source) == [7]


def test_no_app_holds_more_than_a_third_of_the_project_lines():
    lines = defaultdict(int)
    for app, path in _modules():
        if app in SIZED:
            lines[app] += len(path.read_text().splitlines())
    total = sum(lines.values())
    assert {app: n for app, n in lines.items() if n * 3 > total} == {}


def test_every_package_of_the_project_is_in_the_table():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == APPS


def test_every_task_the_beat_schedule_names_is_registered_under_that_name():
    from config.celery_app import app  # the Celery app loads the tasks once Django is set up

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - set(app.tasks) == set()
    # Messages already queued carry these names: a move of the code must not rename them.
    assert {"reporting.sweep_exports", "reporting.tasks.export_build", "notifications.send_daily_reminders",
            "notifications.send_reminder_chunk", "notifications.sweep_reminders"} <= set(app.tasks)
