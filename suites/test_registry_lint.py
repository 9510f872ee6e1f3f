"""The registry lint as a pytest suite: one item per registry row (附件1 row or demo department).

``pytest suites/test_registry_lint.py --harness-registry specs/registries/qinghai-2019-24.json`` lints the notice's
附件1 (without ``--harness-registry``: the embedded demo, like the conformance suite). A row fails when the lint finds an
error in it; its warnings and info are attached to the item (junit ``properties``) and do not fail it. The same
findings come from ``harness lint [--registry FILE] [--json FILE]``.
"""

from __future__ import annotations

import pytest

from harness import lint as lint_mod


def _registry(config: pytest.Config):
    """The session's registry, as the conformance suite loads it (one line when it is bad)."""
    from harness.pytest_plugin import selected_registry

    return selected_registry(config)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "lint_row" in metafunc.fixturenames:
        reg = _registry(metafunc.config)
        report = lint_mod.lint(reg)
        rows = [(d, report.for_department(d.key)) for d in reg.departments]
        ids = [(f"{d.table}-{d.seq} {d.display_name}" if d.seq else d.display_name) for d, _ in rows]
        metafunc.parametrize("lint_row", rows, ids=ids)


def test_registry_row(lint_row, request):
    """The row's 网上办事 address has no lint error (青政公〔2019〕24号 附件1)."""
    dep, findings = lint_row
    # JUnit <properties> of the item (user_properties, as the conformance items carry theirs: record_property
    # would warn under junit_family=xunit2).
    request.node.user_properties.append(("department", dep.display_name))
    for f in findings:
        request.node.user_properties.append((f"{f.severity}:{f.rule}:{f.field}", f.message_zh))
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        lines = [f"{f.rule} [{f.field}] {f.message}" + (f" → likely {f.suggested}" if f.suggested is not None else "") for f in errors]
        pytest.fail(f"{errors[0].row}: {len(errors)} lint error(s):\n  " + "\n  ".join(lines), pytrace=False)
