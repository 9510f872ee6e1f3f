"""Gathering for department websites (system kind ``website``): the 政务服务 column's link candidates, on the
run's mobile device and again on a desktop viewport (青政公〔2019〕24号 二.一: "首页显著位置设立‘政务服务’的文字或
图片栏目，统一链接至青海政务服务平台").

Registers the optional stage ``ws_links`` (run when a check requires it, only on website targets) and the variant
load ``website_desktop`` (the ``desktop-1366`` device descriptor, 1366 × 768 CSS px, for website targets only).
``artifacts["ws_links"]`` = {"url", "viewport": {width, height, scroll_x, scroll_y, doc_height, layout_width,
scale} (CSS px), "links_total", "links": [{"selector", "tag", "href", "raw_href", "host", "to_platform",
"names": {"text", "alt", "title", "aria_label"} (whitespace removed), "image", "target", "box" ([x, y, w, h] CSS
px, document coordinates), "rendered", "first_screen" (share of the box inside the first screen, 0–1),
"covered" (False, or the selector of the element on top), "font_size" (CSS px)}]}. A link is kept when its
name contains one of :data:`CANDIDATE_WORDS` or it points at the platform.
"""

from __future__ import annotations

from typing import Any

from .. import addresses
from .. import devices as devices_mod
from . import GatherOptions, GatherRun, register_stage
from .page_functions import page_function
from .variants import Variant, register_variant

JS = page_function("ws_links")

#: Substrings that make a link a candidate (the 政务服务 column check's ``keywords`` choose among them; keep them broad).
CANDIDATE_WORDS = ["政务服务", "网上办事", "办事服务", "在线办事", "网上服务", "办事大厅", "政务", "办事", "服务"]

#: Hosts of the platform (a link to them is kept whatever its text).
PLATFORM_HOSTS = [addresses.PLATFORM_HOST, addresses.PLATFORM_HOST.removeprefix("www.")]

#: Device descriptor of the desktop variant load.
DESKTOP_DEVICE = "desktop-1366"


def is_website(info: dict[str, Any]) -> bool:
    """Whether a target (its ``artifacts["target"]`` info) is a department website."""
    return (info or {}).get("system_kind") == "website"


async def _ws_links(run: GatherRun) -> None:
    if not is_website(run.artifacts.get("target")):
        return
    run.artifacts["ws_links"] = await run.evaluate(JS, {"hosts": PLATFORM_HOSTS, "words": CANDIDATE_WORDS, "max": 200})


def _desktop(options: GatherOptions, info: dict[str, Any]) -> GatherOptions:
    options.device = devices_mod.get(DESKTOP_DEVICE)
    options.params = {**options.params, "layout.widths": []}
    return options


# Before the layout stage (40), which resizes the viewport: links are measured as the page opens.
register_stage("ws_links", _ws_links, optional=True)
register_variant(Variant("website_desktop", _desktop, when=is_website, stages=frozenset({"ws_links"}), skip=frozenset({"layout"}),
                         description="the department website again on a desktop viewport (desktop-1366, 1366 × 768 CSS px)"))
