"""The conformance suite: one item per (department, target, check) of the registry and checklist.

Run it with ``pytest suites/`` (the embedded demo) or ``pytest suites/ --registry FILE [--department NAME]``.
Each department's pages are loaded once; results JSON and HTML reports land in the run directory printed at
the end (``--harness-out DIR`` to choose it). ``--junitxml FILE`` and ``--html FILE`` (pytest-html) work as
usual; failed items carry the page's annotated screenshot in the pytest-html report.
"""

from harness.pytest_plugin import assert_conformant


def test_check(harness_result):
    """The check named in the test id passes on the target named in the test id."""
    assert_conformant(harness_result)
