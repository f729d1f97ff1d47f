"""Messages speak the user's language: no internal ids, no code-style quotes, sentences.

The refusals raised to users (UserError and its kinds) are read straight from the source,
so a new message is checked the day it is written. Services word a refusal as a clause
("no timer is running"): the command line prints it after "tallyhour: ", and the window
shows it as a sentence. The window's own messages start with a capital as written.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.errors import Conflict, NotFound, UserError

APP = Path(__file__).resolve().parents[1] / "app"

#: Every exception whose text reaches the user as is.
REFUSALS = {
    "UserError",
    "NotFound",
    "Conflict",
    "BadFile",
    "PasswordNeeded",
    "CurrencyMismatch",
    "StorageReconnected",
    "ArgumentTypeError",
    "ChartError",
}

#: 'name' in a message: Python's repr, not how a person quotes (backticks hold commands).
CODE_QUOTE = re.compile(r"(?<![\w`])'[^'\s][^']*'(?![\w])")

#: How the window shows a message: the first argument of these calls.
WINDOW_SAYS = {"notify", "show_error", "failed", "show_message", "setText", "emit"}


def sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(APP.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def literal_text(node: ast.expr) -> str | None:
    """The words written in a message, with each {value} shown as {}; None if not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    return None


def refusals() -> Iterator[tuple[str, str, ast.expr]]:
    """(where, exception name, message node) of every refusal raised in app/."""
    for path, tree in sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in REFUSALS and node.exc.args:
                where = f"{path.relative_to(APP.parent)}:{node.lineno}"
                yield where, name, node.exc.args[0]


def repr_values(node: ast.expr) -> bool:
    """Whether an f-string shows a value by its repr ({name!r})."""
    return any(
        isinstance(part, ast.FormattedValue) and part.conversion == ord("r")
        for part in ast.walk(node)
    )


def test_the_scan_finds_the_refusals():
    found = list(refusals())
    assert len(found) > 200
    assert any(where.startswith("app/services/imports.py") for where, _name, _node in found)


def test_no_refusal_shows_a_value_in_code_style_quotes():
    bad = [
        f"{where}: {literal_text(node)}"
        for where, _name, node in refusals()
        if repr_values(node) or CODE_QUOTE.search(literal_text(node) or "")
    ]
    assert bad == [], "use quoted(…) for the user's text:\n" + "\n".join(bad)


def test_no_refusal_names_a_record_by_its_internal_id():
    """Only "not found" may repeat the number the user typed; others name what it is."""
    bad = [
        f"{where}: {text}"
        for where, name, node in refusals()
        if (text := literal_text(node)) is not None
        and name != "NotFound"
        and re.search(r"#\{\}|\bid \{\}|\(#\{\}\)", text)
    ]
    assert bad == [], "\n".join(bad)


def test_refusals_read_as_clauses_or_sentences():
    """A refusal starts with a letter, a number, an option or a value, never with a stray mark."""
    bad = [
        f"{where}: {text}"
        for where, _name, node in refusals()
        if (text := literal_text(node)) and not re.match(r"[A-Za-z0-9{“-]", text)
    ]
    assert bad == [], "\n".join(bad)


def window_messages() -> Iterator[tuple[str, str]]:
    """(where, text) of every literal message the window shows."""
    for path, tree in sources():
        if "ui" not in path.relative_to(APP).parts[:1]:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr in WINDOW_SAYS and node.args:
                text = literal_text(node.args[0])
                if text and text[0].isalpha():
                    yield f"{path.relative_to(APP.parent)}:{node.lineno}", text


def test_the_windows_own_messages_start_with_a_capital():
    found = list(window_messages())
    assert len(found) > 50
    bad = [f"{where}: {text}" for where, text in found if text[0].islower()]
    assert bad == [], "\n".join(bad)


#: Errors written as sentences in their own module (the window shows them as they are).
SENTENCE_ERRORS = {"ChartError"}


def test_sentence_errors_start_with_a_capital():
    found = [(w, literal_text(n)) for w, name, n in refusals() if name in SENTENCE_ERRORS]
    assert found and all(text and text[0].isupper() for _where, text in found), found


def raw_on_a_label(node: ast.AST) -> bool:
    """Whether `node` is label.setText(str(error)) or label.setText(describe_error(error))."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "setText"
        and len(node.args) == 1
        and isinstance(arg := node.args[0], ast.Call)
        and isinstance(arg.func, ast.Name)
        and arg.func.id in ("str", "describe_error")
        and any(isinstance(a, ast.Name) and a.id.startswith("err") for a in arg.args)
    )


def test_the_window_never_shows_a_raw_refusal_on_a_label():
    """A refusal on a label goes through a capitalizing step (error_sentence, sentence, …)."""
    bad = []
    for path, tree in sources():
        allowed = set()  # inside `except ChartError`: written as sentences
        for handler in ast.walk(tree):
            if isinstance(handler, ast.ExceptHandler) and (
                isinstance(handler.type, ast.Name) and handler.type.id in SENTENCE_ERRORS
            ):
                allowed.update(id(node) for node in ast.walk(handler))
        bad.extend(
            f"{path.relative_to(APP.parent)}:{node.lineno}"
            for node in ast.walk(tree)
            if raw_on_a_label(node) and id(node) not in allowed
        )
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize("kind", [UserError, NotFound, Conflict])
def test_a_refusal_on_a_label_of_its_own_is_a_sentence(kind):
    from app.ui.worker import describe_error, error_sentence

    assert describe_error(kind("no timer is running")) == "no timer is running"  # a clause
    assert error_sentence(kind("no timer is running")) == "No timer is running"


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (1, "entry", "1 entry"),
        (2, "entry", "2 entries"),
        (0, "week", "0 weeks"),
        (1200, "statement line", "1,200 statement lines"),
        (1, "line", "1 line"),
    ],
)
def test_a_count_says_one_thing_or_many(count, noun, said):
    from app.core.text import counted

    assert counted(count, noun) == said
