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

The page's closed shadow roots, which ``GatherRun.evaluate`` finds through the DevTools protocol for scripts that
walk the DOM across shadow roots (``deep``), are in ``__closedRoots`` of the isolated world's global scope (which
the page never sees) when the function is called; the library reads it as the function starts. Each script records the world it runs in (:attr:`PageFunction.world`,
see :func:`world_of`): the harness's isolated world, where the page's own scripts and their overrides of built-ins
cannot reach, unless it reads what the harness's recorder (``page_init.js`` and the other init scripts) keeps in
the page's world.
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


#: The recorder globals the harness's init scripts keep in the page's own world (``page_init.js``: ``__harness``;
#: ``privacy_init.js``: ``__harness_pi``; ``host_bridge.js``: ``__qhHost``). A script reading one runs there.
_PAGE_WORLD_GLOBAL = re.compile(r"\bwindow\.__(harness|harness_pi|qhHost)\b")
#: The harness's own timer read with a fallback (``(window.__harness && window.__harness.setTimeout) || setTimeout``):
#: a script using only that runs in the isolated world, whose own setTimeout no page script sees either.
_TIMER_IDIOM = re.compile(r"window\.__harness\s*&&\s*window\.__harness\.setTimeout")
#: The library's declarations that walk across shadow roots: a script using one is handed the closed roots.
_DEEP = re.compile(r"\b(deepElements|deepQueryAll|tapTargets|shadowRootOf|shadowRoots)\b")


class PageFunction(str):
    """The source of a page function (a ``str``) with where it runs.

    Attributes:
        world: ``"isolated"`` (the harness's isolated world, the default) or ``"page"`` (the page's own world:
            the script reads a recorder global of the harness's init scripts, see :func:`world_of`).
        deep: the script walks the DOM across shadow roots (``deepElements``, ``deepQueryAll``, ``tapTargets`` …
            of the library), so ``GatherRun.evaluate`` hands it the page's closed shadow roots.
    """

    world: str = "isolated"
    deep: bool = False


def world_of(script: str) -> str:
    """Where ``script`` runs: :attr:`PageFunction.world` for a page function; for any other script ``"page"`` when
    it reads a recorder global the harness's init scripts keep in the page's world (``window.__harness``,
    ``window.__harness_pi``, ``window.__qhHost``; the fallback timer idiom does not count), else ``"isolated"``."""
    if isinstance(script, PageFunction):
        return script.world
    return "page" if _PAGE_WORLD_GLOBAL.search(_TIMER_IDIOM.sub("", script)) else "isolated"


def is_deep(script: str) -> bool:
    """Whether ``script`` walks across shadow roots and is to be handed the page's closed ones (see :class:`PageFunction`)."""
    return script.deep if isinstance(script, PageFunction) else bool(_DEEP.search(script))


@functools.cache
def library() -> str:
    """The source of ``page_lib.js`` (declarations only)."""
    return (_DIR / f"{LIBRARY}.js").read_text(encoding="utf-8")


@functools.cache
def page_function(name: str) -> str:
    """The source of ``harness/gather/<name>.js`` wrapped so that the library (``page_lib.js``) is in scope: a
    function expression for a function-expression script, a plain script for a plain one (see the module's
    docstring), as a :class:`PageFunction` that knows its world and whether it walks shadow roots (both from the
    script's own source, not the library's). Read once per name.

    Raises:
        FileNotFoundError: there is no such script.
        ValueError: ``name`` is the library itself.
    """
    if name == LIBRARY:
        raise ValueError(f"{LIBRARY}.js is the library, not a page function")
    source = (_DIR / f"{name}.js").read_text(encoding="utf-8").strip()
    if _PLAIN_SCRIPT.search(source):
        out = PageFunction(f"(() => {{\n{library()}\n{source}\n}})();\n")
    else:
        # Newlines around the script: a line comment at its start or end must not swallow the wrapper's brackets.
        out = PageFunction(f"(__pageArg) => {{\n{library()}\nreturn (\n{source.rstrip(';')}\n)(__pageArg);\n}}")
    out.world = world_of(source)
    out.deep = bool(_DEEP.search(source))
    return out
