"""Project-level pytest configuration.

The harness's options (``--registry``, ``--department``, ``--device``, ``--checklist``, ``--set``, ``--chromium``,
``--browser-ws-endpoint``, ``--cdp-endpoint``, ``--harness-out``) and fixtures (``harness_session``,
``harness_result``, ``browser_type_launch_args``, ``browser_context_args``, ``harness_page`` …) come from the
installed plugin :mod:`harness.pytest_plugin` (entry point ``pytest11``), so that they work the same in this
checkout and wherever the harness is installed. This file only makes the checkout importable without an install.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
