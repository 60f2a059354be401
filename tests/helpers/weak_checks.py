"""Finds the checks in test sources that cannot fail, and the tests that check nothing.

An assertion that compares a value with itself, asserts a constant or sits in a try that swallows
its failure passes whatever the code does; a test without any check only proves that the code
runs. These walk a test module's syntax tree and name each such place.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# Calls that fail the test when what they wait for or expect does not happen.
CHECKING_CALLS = {
    "raises",  # pytest.raises
    "warns",  # pytest.warns
    "fail",  # pytest.fail
    "waitSignal",
    "waitSignals",
    "waitUntil",
    "waitCallback",
    "waitExposed",
    "waitActive",
    "assertNotEmitted",
    "wait_signal",
    "wait_signals",
    "wait_until",
    "wait_callback",
    "wait_exposed",
    "wait_active",
    "assert_not_emitted",
}
# Helpers named as checks, from other modules (a module's own checking helpers are found).
CHECKING_PREFIXES = ("assert_", "check_", "expect_")
REFLEXIVE = (ast.Eq, ast.Is, ast.LtE, ast.GtE)
CATCH_ALL = {"AssertionError", "Exception", "BaseException"}
Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(TESTS.parent)}:{self.line}: {self.problem}"


def suite_sources() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def same_sides(node: ast.Compare) -> bool:
    """`x == x`: true whatever x is (`f() != f()` is left alone: it checks that f is not pure)."""
    sides = [node.left, *node.comparators]
    pairs = zip(node.ops, sides, sides[1:], strict=False)
    return any(isinstance(op, REFLEXIVE) and ast.dump(a) == ast.dump(b) for op, a, b in pairs)


def always_true(test: ast.expr) -> bool:
    """A constant or a literal that is never empty: true whatever the code does."""
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.Tuple | ast.List | ast.Set):
        return bool(test.elts)
    if isinstance(test, ast.Dict):
        return bool(test.keys)
    return isinstance(test, ast.JoinedStr) and bool(test.values)


def never_negative(test: ast.expr) -> bool:
    """`len(x) >= 0`: a length is never negative."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    left, right = test.left, test.comparators[0]
    return (
        isinstance(left, ast.Call)
        and called_name(left) == "len"
        and isinstance(test.ops[0], ast.GtE)
        and isinstance(right, ast.Constant)
        and right.value == 0
    )


def instance_of_its_own_class(test: ast.expr) -> bool:
    """`isinstance(Thing(...), Thing)`: a value just built is always of its own class."""
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name)):
        return False
    if test.func.id != "isinstance" or len(test.args) != 2:
        return False
    built, cls = test.args
    return isinstance(built, ast.Call) and ast.dump(built.func) == ast.dump(cls)


def swallows_assertions(node: ast.Try) -> bool:
    """A try around an assert with a handler that catches AssertionError and does not re-raise."""
    if not any(isinstance(inner, ast.Assert) for stmt in node.body for inner in ast.walk(stmt)):
        return False
    return any(catches_assertions(h) and not re_raises(h) for h in node.handlers)


def catches_assertions(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    if caught is None:
        return True
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(isinstance(name, ast.Name) and name.id in CATCH_ALL for name in names)


def re_raises(handler: ast.ExceptHandler) -> bool:
    return any(isinstance(inner, ast.Raise) for stmt in handler.body for inner in ast.walk(stmt))


def called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def checks_directly(node: ast.AST) -> bool:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assert):
            return True
        if isinstance(inner, ast.Call):
            name = called_name(inner)
            if name in CHECKING_CALLS or name.startswith(CHECKING_PREFIXES):
                return True
    return False


def checking_helpers(tree: ast.Module) -> set[str]:
    """The module's own functions that check (directly or through one another)."""
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, Function)}
    checking = {name for name, node in functions.items() if checks_directly(node)}
    grew = True
    while grew:
        grew = False
        for name, node in functions.items():
            if name not in checking and calls_any(node, checking):
                checking.add(name)
                grew = True
    return checking


def calls_any(node: ast.AST, names: set[str]) -> bool:
    return any(
        isinstance(inner, ast.Call) and called_name(inner) in names for inner in ast.walk(node)
    )


def collected_tests(tree: ast.Module) -> Iterator[Function]:
    """The functions pytest collects as tests: module level, or in a Test class."""
    for node in tree.body:
        methods = (
            node.body if isinstance(node, ast.ClassDef) and node.name.startswith("Test") else []
        )
        for candidate in [node, *methods]:
            if isinstance(candidate, Function) and candidate.name.startswith("test"):
                yield candidate


def assertion_findings(path: Path, tree: ast.Module) -> Iterator[Finding]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and same_sides(node):
            yield Finding(path, node.lineno, "compares a value with itself")
        elif isinstance(node, ast.Try) and swallows_assertions(node):
            yield Finding(path, node.lineno, "swallows the failure of its assert")
        elif isinstance(node, ast.Assert):
            for rule, problem in ASSERT_RULES:
                if rule(node.test):
                    yield Finding(path, node.lineno, problem)


ASSERT_RULES = (
    (always_true, "asserts something always true"),
    (never_negative, "asserts a length is not negative"),
    (instance_of_its_own_class, "asserts a new value is of its own class"),
)


def unchecked_tests(path: Path, tree: ast.Module) -> Iterator[Finding]:
    if not path.name.startswith("test_"):
        return
    helpers = checking_helpers(tree)
    for node in collected_tests(tree):
        if not (checks_directly(node) or calls_any(node, helpers)):
            yield Finding(path, node.lineno, f"{node.name} checks nothing")


def findings(path: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [*assertion_findings(path, tree), *unchecked_tests(path, tree)]


def sample_findings(source: str) -> list[str]:
    tree = ast.parse(source)
    sample = TESTS / "test_sample.py"
    found = [*assertion_findings(sample, tree), *unchecked_tests(sample, tree)]
    return [finding.problem for finding in found]
