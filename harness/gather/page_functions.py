"""The in-page scripts of harness/gather, each with the helper library ``page_lib.js`` in scope.

Every ``harness/gather/<name>.js`` is loaded through :func:`page_function` (never read directly), the way
Lighthouse passes its ``pageFunctions`` to each evaluated function as dependencies: the library's declarations
(selector paths, visibility tests, boxes, the tap-target definition, text-node walking, …) are pasted inside a
function that wraps the script, so the script can use them and the page's global scope never sees them.

Two kinds of script:

* a function expression (``(opts) => {…}``, ``(opts) => new Promise(…)``), evaluated with an argument
  (``GatherRun.evaluate``) or called by an init script (host.py): it becomes
  ``(__pageArg) => { <lib> return (<script>)(__pageArg); }``, again one function expression;
* a plain script that runs as it is (an immediately invoked function, ``(() => {…})();``, installed with
  ``add_init_script``): it becomes ``(() => { <lib> <script> })();``, again a plain script.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_DIR = Path(__file__).parent
#: The helper library's file name (in this folder).
LIBRARY = "page_lib"

#: A plain script: one that ends by calling what it defined (``…})();``), as the init scripts do.
_PLAIN_SCRIPT = re.compile(r"\)\s*\(\s*\)\s*;?\s*$")


@functools.cache
def library() -> str:
    """The source of ``page_lib.js`` (declarations only)."""
    return (_DIR / f"{LIBRARY}.js").read_text(encoding="utf-8")


@functools.cache
def page_function(name: str) -> str:
    """The source of ``harness/gather/<name>.js`` wrapped so that the library (``page_lib.js``) is in scope: a
    function expression for a function-expression script, a plain script for a plain one (see the module's
    docstring). Read once per name.

    Raises:
        FileNotFoundError: there is no such script.
        ValueError: ``name`` is the library itself.
    """
    if name == LIBRARY:
        raise ValueError(f"{LIBRARY}.js is the library, not a page function")
    source = (_DIR / f"{name}.js").read_text(encoding="utf-8").strip()
    if _PLAIN_SCRIPT.search(source):
        return f"(() => {{\n{library()}\n{source}\n}})();\n"
    # Newlines around the script: a line comment at its start or end must not swallow the wrapper's brackets.
    return f"(__pageArg) => {{\n{library()}\nreturn (\n{source.rstrip(';')}\n)(__pageArg);\n}}"
