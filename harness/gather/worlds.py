"""Where the harness's page functions run: an isolated world of the frame, which the page's scripts cannot reach.

A page may replace ``JSON.stringify``, ``Promise``, ``Array.prototype.*``, ``querySelectorAll``,
``getBoundingClientRect``, ``getComputedStyle`` or the ``innerText`` getter, or define ``Array.prototype.toJSON``
(Prototype.js does); run in the page's own world, a gatherer would then read what the page wants it to. JS
built-ins and the DOM's prototypes are per world (Chromium's isolated worlds, as extensions' content scripts use
them), so the harness runs its page functions in a world of its own, made with the DevTools protocol
(``Page.createIsolatedWorld`` on the frame) and called with ``Runtime.callFunctionOn`` in that world's execution
context; the result travels as the isolated world's own ``JSON.stringify``, by value. Nothing is added to the
page's global scope, and a ``Content-Security-Policy`` of the page (``sandbox``, ``script-src``) does not apply
to the isolated world.

Scripts that read what the harness's recorder keeps in the page's world on purpose (``window.__harness`` …, see
:func:`harness.gather.page_functions.world_of`) run there, through ``Runtime.evaluate`` with ``returnByValue``:
the result is copied by the DevTools protocol, never through the page's ``JSON.stringify`` or ``toJSON``.

An execution context dies with its document: :class:`World` is made again for each new document (the caller keys
it on the document). Closed shadow roots, which no script reaches, are found with ``DOM.getDocument`` (pierce) and
resolved into the isolated world (:func:`closed_shadow_roots`), to be handed to a page function as arguments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

#: The name of the harness's isolated world (visible to the DevTools protocol only, never to the page).
WORLD_NAME = "qh-harness"
#: Object group of the remote objects (closed shadow roots) the harness holds during one call.
OBJECT_GROUP = "qh-harness-roots"
#: The most closed shadow roots handed to one call.
MAX_CLOSED_ROOTS = 500
#: Documents with more elements than this are not searched for closed shadow roots: the DevTools protocol's whole
#: tree (DOM.getDocument, pierce) of 100 000 nodes takes longer than a gatherer's time. The artifact says so.
MAX_NODES_CLOSED_SEARCH = 20_000

#: DevTools protocol errors meaning the context's document is gone (replaced by a navigation, or the frame detached).
_GONE = ("Cannot find context with specified id", "Execution context was destroyed", "Inspected target navigated or closed",
         "No frame with given id found", "Frame with the given id was not found", "Cannot find default execution context")


#: True when the document's scripting flag is set (see World.scripting_enabled).
_SCRIPTING_PROBE = ("() => { const d = document.createElement('div'); d.innerHTML = '<noscript><p></p></noscript>'; "
                    "const n = d.firstChild && d.firstChild.firstChild; return !n || n.nodeType === 3; }")


class ContextGone(RuntimeError):
    """The execution context's document was replaced by a navigation (or its frame detached). The message starts
    with "Execution context was destroyed", as Playwright's own error does, so callers that retry after a
    navigation recognise it."""


class ScriptError(RuntimeError):
    """The script threw in the page; the message is the exception's description (``Error: …`` and the stack)."""


def _raise(e: BaseException) -> None:
    text = str(e)
    if any(g in text for g in _GONE):
        raise ContextGone(f"Execution context was destroyed: {text.splitlines()[0] if text else ''}") from e
    raise e


def _check(resp: dict[str, Any]) -> Any:
    """The value of a ``Runtime.evaluate``/``callFunctionOn`` response; raises ScriptError when the script threw."""
    exc = resp.get("exceptionDetails")
    if exc:
        obj = exc.get("exception") or {}
        desc = obj.get("description") or obj.get("value") or exc.get("text") or "script error"
        raise ScriptError(str(desc)[:2000])
    return (resp.get("result") or {}).get("value")


@dataclass
class World:
    """The harness's isolated world in one document of one frame.

    Attributes:
        session: the Playwright CDPSession of the frame's target (the page's, or an out-of-process frame's own).
        frame_id: the frame's DevTools id.
        context_id: the world's execution context id (valid until the frame's document is replaced).
    """

    session: Any
    frame_id: str
    context_id: int
    #: After a ``deep`` call: how many closed shadow roots were handed to it, or None when the document was too
    #: large to search (:data:`MAX_NODES_CLOSED_SEARCH`).
    closed_roots: int | None = 0

    @classmethod
    async def create(cls, session, frame_id: str) -> "World":
        """Make (or find: the world is one per frame and name) the harness's isolated world in the frame's current
        document.

        Raises:
            ContextGone: the frame is gone.
        """
        try:
            res = await session.send("Page.createIsolatedWorld", {"frameId": frame_id, "worldName": WORLD_NAME})
        except Exception as e:
            _raise(e)
        return cls(session, frame_id, res["executionContextId"])

    async def call(self, script: str, arg: Any = None, deep: bool = False) -> Any:
        """Call the function expression ``script`` with ``arg`` (plain JSON data) in this world and return its
        result, awaited and read back as JSON (``undefined`` → None). With ``deep``, the document's closed shadow
        roots (:func:`closed_shadow_roots`) are in the isolated world's global ``__closedRoots`` as it starts.

        Raises:
            ScriptError: the script threw.
            ContextGone: the document was replaced meanwhile.
        """
        args: list[dict[str, Any]] = [{"value": arg}]
        roots: list[str] = []
        if deep:
            found = await closed_shadow_roots(self)
            self.closed_roots = None if found is None else len(found)
            roots = found or []
        # __closedRoots is a global of the isolated world (the page never sees it), read by page_lib.js as the
        # function starts; set and called in one synchronous step.
        fn = (f"async function (__arg, ...__roots) {{ globalThis.__closedRoots = __roots; let __p; "
              f"try {{ __p = ({script})(__arg); }} finally {{ globalThis.__closedRoots = []; }} const __r = await __p; "
              "return __r === undefined ? null : JSON.stringify(__r); }")
        try:
            resp = await self.session.send("Runtime.callFunctionOn", {
                "functionDeclaration": fn, "executionContextId": self.context_id,
                "arguments": args + [{"objectId": r} for r in roots],
                "awaitPromise": True, "returnByValue": True})
        except Exception as e:
            _raise(e)
        finally:
            if roots:
                try:
                    await self.session.send("Runtime.releaseObjectGroup", {"objectGroup": OBJECT_GROUP})
                except Exception:
                    pass
        text = _check(resp)
        return None if text is None else json.loads(text)

    async def scripting_enabled(self) -> bool:
        """Whether the document runs scripts of its own (not under ``Content-Security-Policy: sandbox`` or an
        iframe ``sandbox`` without ``allow-scripts``): the HTML parser reads ``<noscript>`` content as text only
        then (HTML § 13.2, the scripting flag). Tested on a detached element, which the page cannot observe.

        Raises:
            ContextGone: the document was replaced meanwhile.
        """
        return bool(await self.call(_SCRIPTING_PROBE))

    async def run(self, source: str) -> Any:
        """Run the plain script ``source`` (e.g. a library's source) in this world; its completion value when it is
        a primitive, else None.

        Raises:
            ScriptError: the script threw.
            ContextGone: the document was replaced meanwhile.
        """
        try:
            resp = await self.session.send("Runtime.evaluate", {"expression": source, "contextId": self.context_id,
                                                                "objectGroup": OBJECT_GROUP, "silent": True})
        except Exception as e:
            _raise(e)
        try:
            await self.session.send("Runtime.releaseObjectGroup", {"objectGroup": OBJECT_GROUP})
        except Exception:
            pass
        return _check(resp)


async def call_in_page_world(session, script: str, arg: Any = None) -> Any:
    """Call the function expression ``script`` with ``arg`` in the page's own (main) world of the top frame, for
    scripts that read the harness's recorder there. The argument is pasted in as a JSON literal and the result is
    copied by the DevTools protocol (``returnByValue``): neither the page's ``JSON.stringify`` nor a ``toJSON`` of
    its prototypes takes part, and ``Promise`` in the script is the engine's own, not the page's ``window.Promise``.
    (Other built-ins the script itself calls there, e.g. ``Array.prototype.slice``, are the page's.)

    Raises:
        ScriptError: the script threw.
        ContextGone: the document was replaced meanwhile.
    """
    # ``Promise`` in the script is the engine's own (the constructor of an async function's result), whatever the
    # page put in window.Promise.
    expr = f"((Promise) => ({script}))((async () => {{}})().constructor)({json.dumps(arg, ensure_ascii=False)})"
    try:
        resp = await session.send("Runtime.evaluate", {"expression": expr, "awaitPromise": True, "returnByValue": True,
                                                       "silent": True})
    except Exception as e:
        _raise(e)
    return _check(resp)


async def main_frame_id(session) -> str:
    """The DevTools id of the top frame of ``session``'s target."""
    tree = await session.send("Page.getFrameTree")
    return tree["frameTree"]["frame"]["id"]


def closed_root_ids(node: dict[str, Any], frame_id: str | None = None, out: dict[str, list[int]] | None = None,
                    top: str = "") -> dict[str, list[int]]:
    """The backend node ids of the closed shadow roots in a ``DOM.getDocument(pierce)`` tree, by the id of the frame
    whose document holds them (``top`` for the tree's own document); the user agent's roots are left out."""
    out = {} if out is None else out
    frame = frame_id or top
    for sr in node.get("shadowRoots") or ():
        if sr.get("shadowRootType") == "closed":
            out.setdefault(frame, []).append(sr["backendNodeId"])
        closed_root_ids(sr, frame, out, top)
    for child in node.get("children") or ():
        closed_root_ids(child, frame, out, top)
    doc = node.get("contentDocument")
    if doc:
        closed_root_ids(doc, node.get("frameId") or frame, out, top)
    return out


async def closed_shadow_roots(world: World) -> list[str] | None:
    """Remote object ids, in ``world``, of the closed shadow roots of its frame's document (at most
    :data:`MAX_CLOSED_ROOTS`), in object group :data:`OBJECT_GROUP` (released after the call). Empty when the
    DevTools protocol cannot give the tree; None when the document has more than :data:`MAX_NODES_CLOSED_SEARCH`
    elements (not searched)."""
    try:
        resp = await world.session.send("Runtime.evaluate", {"expression": "document.getElementsByTagName('*').length",
                                                             "contextId": world.context_id, "returnByValue": True})
        if int((resp.get("result") or {}).get("value") or 0) > MAX_NODES_CLOSED_SEARCH:
            return None
    except Exception:
        pass
    try:
        doc = await world.session.send("DOM.getDocument", {"depth": -1, "pierce": True})
    except Exception:
        return []
    ids = closed_root_ids(doc["root"], top=await _top_of(world)).get(world.frame_id, [])
    out = []
    for backend in ids[:MAX_CLOSED_ROOTS]:
        try:
            res = await world.session.send("DOM.resolveNode", {"backendNodeId": backend, "executionContextId": world.context_id,
                                                               "objectGroup": OBJECT_GROUP})
            out.append(res["object"]["objectId"])
        except Exception:
            continue
    try:
        await world.session.send("DOM.disable")
    except Exception:
        pass
    return out


async def _top_of(world: World) -> str:
    try:
        return await main_frame_id(world.session)
    except Exception:
        return world.frame_id
