"""The frames of a page for the DOM walk: each frame's document walked in its own isolated world, its records put in
the top document's artifact with the frame they come from and boxes in the top document's coordinates.

Same-process frames (same-origin ones, and cross-origin ones where the browser keeps them in the page's process)
are reached through the page's DevTools session with their frame id; out-of-process frames (site isolation)
through a session of their own (``context.new_cdp_session(frame)``). A frame's offset is its owner element's
content box (``DOM.getFrameOwner`` in the parent's session, resolved into the parent's isolated world) less the
frame's own scroll offset, added up to the top. Records outside the frame's box (clipped by it) or in a frame
whose owner is not shown count as not visible: texts and tap targets are left out, fields, forms, images and links
kept with ``visible: false``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from . import JS, GatherRun, _err
from .worlds import World

#: The most frames walked per page (besides the top document).
MAX_FRAMES = 20

#: The owner element's content box in its document's coordinates (CSS px) and whether it is shown.
_OWNER_BOX = """function () {
  const r = this.getBoundingClientRect(), cs = getComputedStyle(this);
  const pl = parseFloat(cs.paddingLeft) || 0, pt = parseFloat(cs.paddingTop) || 0;
  const pr = parseFloat(cs.paddingRight) || 0, pb = parseFloat(cs.paddingBottom) || 0;
  const x = r.left + this.clientLeft + pl + scrollX, y = r.top + this.clientTop + pt + scrollY;
  const w = Math.max(0, this.clientWidth - pl - pr), h = Math.max(0, this.clientHeight - pt - pb);
  const shown = (!this.checkVisibility || this.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) && w >= 1 && h >= 1;
  return JSON.stringify({box: [x, y, w, h], shown});
}"""


def _flatten(tree: dict[str, Any], session, out: list[tuple[Any, dict[str, Any]]]) -> None:
    for child in tree.get("childFrames") or ():
        out.append((session, child["frame"]))
        _flatten(child, session, out)


async def _frames(run: GatherRun) -> tuple[str, list[tuple[Any, dict[str, Any], bool]], list[Any]]:
    """(top frame id, [(session, CDP frame, out of process)] parents first, sessions to detach)."""
    tree = (await run.cdp.send("Page.getFrameTree"))["frameTree"]
    found: list[tuple[Any, dict[str, Any]]] = []
    _flatten(tree, run.cdp, found)
    known = {f["id"] for _, f in found} | {tree["frame"]["id"]}
    out = [(s, f, False) for s, f in found]
    own_sessions = []
    for frame in run.page.frames[1:]:
        if len(out) >= MAX_FRAMES:
            break
        if not frame.url.startswith(("http:", "https:")):
            continue
        try:
            session = await run.context.new_cdp_session(frame)
        except Exception:  # a frame of the page's own process: reached through the page's session
            continue
        own_sessions.append(session)
        sub = (await session.send("Page.getFrameTree"))["frameTree"]
        if sub["frame"]["id"] in known:
            continue
        known.add(sub["frame"]["id"])
        out.append((session, sub["frame"], True))
        more: list[tuple[Any, dict[str, Any]]] = []
        _flatten(sub, session, more)
        out += [(s, f, False) for s, f in more if f["id"] not in known]
        known |= {f["id"] for _, f in more}
    # Parents before children (an out-of-process frame's parent may come later in page.frames).
    order: list[tuple[Any, dict[str, Any], bool]] = []
    placed = {tree["frame"]["id"]}
    pending = out[:MAX_FRAMES]
    while pending:
        rest = [p for p in pending if p[1].get("parentId") not in placed]
        ready = [p for p in pending if p[1].get("parentId") in placed]
        if not ready:
            break  # a frame whose parent is not reachable
        for p in ready:
            order.append(p)
            placed.add(p[1]["id"])
        pending = rest
    return tree["frame"]["id"], order, own_sessions


def _shift(box: Any, dx: float, dy: float) -> Any:
    if not (isinstance(box, list) and len(box) == 4):
        return box
    return [round(box[0] + dx, 1), round(box[1] + dy, 1), box[2], box[3]]


def _meets(box: Any, clip: list[float]) -> bool:
    """Whether ``box`` overlaps ``clip`` (both [x, y, w, h])."""
    if not (isinstance(box, list) and len(box) == 4) or box[2] <= 0 or box[3] <= 0:
        return False
    return box[0] < clip[0] + clip[2] and box[0] + box[2] > clip[0] and box[1] < clip[1] + clip[3] and box[1] + box[3] > clip[1]


def _clip(a: list[float], b: list[float]) -> list[float]:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return [x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0)]


def merge(dom: dict[str, Any], sub: dict[str, Any], ref: dict[str, Any], dx: float, dy: float, clip: list[float],
          shown: bool, max_visible_text: int) -> None:
    """Put the records of frame ``ref`` (``{"url", "index"}``), walked as ``sub`` (dom_walk.js's result in the
    frame's document coordinates), into the top document's ``dom``: boxes moved by (dx, dy) CSS px into the top
    document's coordinates, each record marked ``"frame": ref``; records wholly outside ``clip`` (the frame's box
    in top coordinates, clipped by its ancestors' frames) or in a frame not ``shown`` count as not visible (see the
    module's docstring). Form indices are renumbered after the top document's forms."""
    form_base = len(dom.get("forms") or [])
    seen = lambda box: shown and _meets(box, clip)  # noqa: E731
    for t in sub.get("texts") or ():
        box = _shift(t.get("box"), dx, dy)
        if seen(box):
            dom.setdefault("texts", []).append({**t, "box": box, "frame": ref})
    for t in sub.get("targets") or ():
        box = _shift(t.get("box"), dx, dy)
        if seen(box):
            label = t.get("label")
            if isinstance(label, dict):
                label = {**label, "box": _shift(label.get("box"), dx, dy)}
            dom.setdefault("targets", []).append({**t, "box": box, "label": label, "frame": ref})
    for f in sub.get("fields") or ():
        box = _shift(f.get("box"), dx, dy)
        form = f.get("form")
        dom.setdefault("fields", []).append({**f, "box": box, "visible": bool(f.get("visible")) and seen(box),
                                             "form": None if form is None else form + form_base, "frame": ref})
    for f in sub.get("forms") or ():
        box = _shift(f.get("box"), dx, dy)
        dom.setdefault("forms", []).append({**f, "index": f.get("index", 0) + form_base, "box": box,
                                            "visible": bool(f.get("visible")) and seen(box), "frame": ref})
    for key in ("images", "links"):
        for r in sub.get(key) or ():
            box = _shift(r.get("box"), dx, dy)
            dom.setdefault(key, []).append({**r, "box": box, "visible": bool(r.get("visible")) and seen(box), "frame": ref})
    dom["password_fields"] = (dom.get("password_fields") or 0) + (sub.get("password_fields") or 0)
    if shown and sub.get("visible_text"):
        text = dom.get("visible_text") or ""
        dom["visible_text"] = (text + "\n" + sub["visible_text"])[:max_visible_text]
        dom["visible_text_chars"] = (dom.get("visible_text_chars") or 0) + (sub.get("visible_text_chars") or 0)
        dom["text_chars"] = (dom.get("text_chars") or 0) + (sub.get("text_chars") or 0)
        hist = dict((k, v) for k, v in dom.get("font_histogram") or ())
        for k, v in sub.get("font_histogram") or ():
            hist[k] = hist.get(k, 0) + v
        dom["font_histogram"] = sorted(hist.items())


async def walk_frames(run: GatherRun, dom: dict[str, Any], walk_arg: dict[str, Any]) -> None:
    """Walk every frame of the page (at most :data:`MAX_FRAMES`) with dom_walk.js in its own isolated world and
    merge its records into ``dom`` (:func:`merge`). Writes ``dom["frames"]``: [{index, url, origin, parent (index of
    the parent frame, None for the top document), out_of_process, box (the frame's content box in top-document
    CSS px), shown, cross_origin, title, node_count, closed_shadow_roots (None: not searched), error?}]. A frame that cannot be walked keeps its ``error`` (its records are
    missing). Never raises for one frame's failure."""
    top_id, frames, sessions = await _frames(run)
    top_origin = None
    try:
        top_origin = (await run.cdp.send("Page.getFrameTree"))["frameTree"]["frame"].get("securityOrigin")
    except Exception:
        pass
    info: list[dict[str, Any]] = []
    dom["frames"] = info
    # Per frame id: (session, world, (dx, dy) from its document to the top's, clip in top coordinates, shown, index)
    state: dict[str, tuple[Any, World | None, tuple[float, float], list[float], bool, int | None]] = {
        top_id: (run.cdp, await run.world(), (0.0, 0.0), [-1e9, -1e9, 2e9, 2e9], True, None)}
    timeout = run.options.gatherer_ms / 1000
    try:
        for session, frame, oop in frames:
            i = len(info)
            rec: dict[str, Any] = {"index": i, "url": frame.get("url"), "origin": frame.get("securityOrigin"),
                                   "parent": None, "out_of_process": oop, "box": None, "shown": False}
            rec["cross_origin"] = bool(top_origin and rec["origin"] and rec["origin"] != top_origin)
            info.append(rec)
            parent = state.get(frame.get("parentId"))
            if parent is None:
                rec["error"] = "parent frame not walked"
                continue
            p_session, p_world, (pdx, pdy), p_clip, p_shown, p_index = parent
            rec["parent"] = p_index
            try:
                owner = await asyncio.wait_for(_owner_box(p_session, p_world, frame["id"]), timeout)
                world = await World.create(session, frame["id"])
                sub = await asyncio.wait_for(world.call(JS["dom_walk"], walk_arg, deep=True), timeout)
            except Exception as e:
                rec["error"] = _err(e)
                continue
            ox, oy, ow, oh = owner["box"]
            box = [round(ox + pdx, 1), round(oy + pdy, 1), round(ow, 1), round(oh, 1)]
            clip = _clip(box, p_clip)
            shown = p_shown and owner["shown"] and clip[2] > 0 and clip[3] > 0
            sx, sy = (sub.get("scroll") or [0, 0])[:2]
            dx, dy = box[0] - sx, box[1] - sy
            rec.update(box=box, shown=shown, title=sub.get("title"), node_count=sub.get("node_count"),
                       closed_shadow_roots=world.closed_roots)
            merge(dom, sub, {"url": frame.get("url"), "index": i}, dx, dy, clip, shown, walk_arg.get("maxVisibleText") or 200_000)
            state[frame["id"]] = (session, world, (dx, dy), clip, shown, i)
    finally:
        for s in sessions:
            try:
                await s.detach()
            except Exception:
                pass


async def _owner_box(session, world: World, frame_id: str) -> dict[str, Any]:
    """The content box of the element holding frame ``frame_id`` in its (parent's) document coordinates and
    whether it is shown: {"box": [x, y, w, h], "shown": bool}."""
    import json

    owner = await session.send("DOM.getFrameOwner", {"frameId": frame_id})
    obj = await session.send("DOM.resolveNode", {"backendNodeId": owner["backendNodeId"], "executionContextId": world.context_id})
    try:
        resp = await session.send("Runtime.callFunctionOn", {"functionDeclaration": _OWNER_BOX, "objectId": obj["object"]["objectId"],
                                                             "returnByValue": True})
    finally:
        try:
            await session.send("Runtime.releaseObject", {"objectId": obj["object"]["objectId"]})
        except Exception:
            pass
    if resp.get("exceptionDetails"):
        raise RuntimeError(str(resp["exceptionDetails"].get("text")))
    return json.loads(resp["result"]["value"])
