"""The variant load ``odd_url``: the target opened again with extra query parameters (and a fragment, when its URL
has none), the way a shared link comes back from WeChat (``from=singlemessage&isappinstalled=0``), a QR code or a
statistics tag. A page that parses its query or its hash route strictly shows a white screen then.

The first main-frame document request of the load is answered with a 302 to the target URL with
``odd_url.query`` appended to its query and, when the URL has no fragment, ``#`` + ``odd_url.fragment``; so the
server receives the parameters too (a server rejecting unknown ones is caught as well). The variant's artifacts
(``artifacts["variants"]["odd_url"]``, same shape as the primary load's) also hold ``odd_url``::

    {"url": the URL the load was sent to (secrets masked), "query": the query appended, "fragment": the fragment
     appended or None, "redirected": whether the 302 was answered}

It applies to every target with a URL; its load skips the layout widths and the page-state stage, and its
screenshot is the first screen only (all that is read of it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..personal_data import mask_url_secrets
from . import GatherOptions, register_context_hook, register_param
from .variants import Variant, register_variant

register_param("odd_url.query", "from=singlemessage&isappinstalled=0&spm=a2o4k.share.0.0&_t=1733270400000", unit="query string",
               description="Query parameters appended to the target's URL in the odd_url variant load (WeChat share "
                           "parameters, a statistics tag, a cache-busting timestamp).")
register_param("odd_url.fragment", "from=share", unit="fragment",
               description="Fragment added (after #) in the odd_url variant load when the target's URL has none.")


def odd(url: str, query: str, fragment: str) -> tuple[str, str | None]:
    """``url`` with ``query`` appended to its query and, if it has no fragment, ``#fragment``: (new URL, fragment
    added or None). Pure; ``query`` is appended as given (already encoded)."""
    p = urlsplit(url)
    q = f"{p.query}&{query}" if p.query else query
    frag = None if p.fragment or not fragment else fragment
    return urlunsplit(p._replace(query=q, fragment=frag if frag is not None else p.fragment)), frag


def _apply(options: GatherOptions, info: dict[str, Any]) -> GatherOptions:
    options.params = {**options.params, "layout.widths": []}
    # only the first screen is read (blank or not): a one-screen screenshot, not a tall one (form pages included)
    first = int(options.device["viewport"]["height"])
    options.screenshot_max_height = options.form_screenshot_max_height = first
    return options


def _strip(url: str) -> str:
    return url.split("#", 1)[0]


async def _hook(run) -> None:
    """Context hook: on the odd_url variant's load, redirect its first main-frame document request."""
    if run.options.variant != "odd_url":
        return
    target = _strip(run.url)
    new, frag = odd(run.url, run.options.param("odd_url.query"), run.options.param("odd_url.fragment"))
    rec = run.artifacts["odd_url"] = {"url": mask_url_secrets(new), "query": run.options.param("odd_url.query"),
                                      "fragment": frag, "redirected": False}

    async def handler(route) -> None:
        req = route.request
        if rec["redirected"] or not req.is_navigation_request() or req.frame.parent_frame is not None:
            await route.fallback()
            return
        rec["redirected"] = True
        await route.fulfill(status=302, headers={"location": new, "cache-control": "no-store"}, body="")

    await run.context.route(lambda u: not rec["redirected"] and _strip(u) == target, handler)


register_context_hook(_hook)
register_variant(Variant("odd_url", _apply, when=lambda info: bool((info or {}).get("url")), skip=frozenset({"layout", "page_state"}),
                         description="the target again with extra query parameters and a fragment (a shared link)"))
