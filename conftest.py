"""Project-level pytest configuration.

The harness's options (``--harness-registry``, ``--harness-department``, ``--harness-device``, ``--harness-set``,
``--harness-chromium``, ``--harness-out`` …) and fixtures (``harness_session``, ``harness_result``,
``harness_page`` …, and pytest-playwright's ``browser_type_launch_args`` / ``browser_context_args`` with the
harness's defaults under them) come from the installed plugin :mod:`harness.pytest_plugin` (entry point
``pytest11``), so that they work the same in this
checkout and wherever the harness is installed. This file only makes the checkout importable without an install.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
