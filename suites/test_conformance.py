"""The conformance suite: one item per (department, target, check) of the registry and checklist, and one per
(department, target) for the target's verdict (合格, not, or 待复核).

Run it with ``pytest suites/`` (the embedded demo) or ``pytest suites/ --harness-registry FILE [--harness-department NAME]``.
Each department's pages are loaded once; results JSON and HTML reports land in the run directory printed at
the end (``--harness-out DIR`` to choose it). ``--junitxml FILE`` and ``--html FILE`` (pytest-html) work as
usual; failed items carry the page's annotated screenshot in the pytest-html report.
"""

from harness.pytest_plugin import assert_conformant, assert_verdict


def test_check(harness_result):
    """The check named in the test id passes on the target named in the test id."""
    assert_conformant(harness_result)


def test_verdict(harness_verdict):
    """The target named in the test id is 合格: measured enough (no veto unmeasured) and passing (a failure says
    why it fails; a target left incomplete, 待复核, or not measured at all is a pytest error)."""
    assert_verdict(harness_verdict)
