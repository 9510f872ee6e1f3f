"""Pattern parameters of checks: a list of regular expressions given in a check's ``check.json`` (link texts,
checkbox labels, entry names), matched as one. Used by PI-01, PI-03 and PI-08 (the privacy policy link,
:mod:`harness.checks.privacy_policy`), PI-05 (consent checkbox labels) and PI-09 (complaint entry names).
"""

from __future__ import annotations

import re


def compile_any(patterns: list[str]) -> re.Pattern:
    """One case-insensitive regular expression that matches where any of ``patterns`` (Python ``re`` syntax, each
    kept as its own group) matches. Raises ``re.error`` for an invalid pattern."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
