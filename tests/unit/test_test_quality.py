"""The tests themselves: every assertion can fail, and every test checks something."""

from __future__ import annotations

import pytest

from tests.helpers.weak_checks import findings, sample_findings, suite_sources


def test_no_test_in_the_suite_has_an_assertion_that_cannot_fail() -> None:
    found = [str(finding) for path in suite_sources() for finding in findings(path)]
    assert found == []


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("def test_a(x):\n    assert x.counts == x.counts\n", "compares a value with itself"),
        ("def test_a():\n    assert True\n", "asserts something always true"),
        ("def test_a():\n    assert (1, 2)\n", "asserts something always true"),
        ("def test_a(x):\n    assert len(x) >= 0\n", "asserts a length is not negative"),
        (
            "def test_a():\n    assert isinstance(Thing(), Thing)\n",
            "asserts a new value is of its own class",
        ),
        (
            "def test_a(x):\n    try:\n        assert x\n    except Exception:\n        pass\n",
            "swallows the failure of its assert",
        ),
        ("def test_a(x):\n    x.run()\n", "test_a checks nothing"),
    ],
)
def test_the_checker_names_each_kind_of_assertion_that_cannot_fail(
    source: str, problem: str
) -> None:
    assert sample_findings(source) == [problem]


@pytest.mark.parametrize(
    "source",
    [
        "def test_a(x, y):\n    assert x.counts == y.counts\n",
        "def test_a(x):\n    assert len(x) >= 1\n",
        "def test_a(x):\n    with pytest.raises(ValueError):\n        x.run()\n",
        "def test_a(qtbot, x):\n    with qtbot.waitSignal(x.done):\n        x.run()\n",
        "def test_a(x):\n    x.run()\n    x.mock.assert_called_once_with(1)\n",
        "def helper(x):\n    assert x.ok\n\ndef test_a(x):\n    helper(x)\n",
        "def test_a(x):\n    try:\n        assert x\n    except AssertionError:\n        raise\n",
    ],
)
def test_the_checker_lets_real_checks_pass(source: str) -> None:
    assert sample_findings(source) == []
