"""Report sections for the notice's own requirements (青政公〔2019〕24号): the registry lint findings of the
department's 附件1 row, the 政务服务 column of its website (WS-01, WS-02) and 事项同源 (SV-01, SV-02).

Each registers a department-level section (see :mod:`harness.report.sections`) and returns None when it has
nothing to show. The website section draws the 政务服务 link's box and the first-screen line on the mobile
and desktop screenshots (pillow), written beside the report under ``assets/<folder>/``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from ..results import RunDir, atomic_write
from .annotate import _font
from .sections import Section, register_section
from .strings import STRINGS



def _lint_context(data: dict[str, Any], target, checklist, lang: str, out_dir) -> dict[str, Any] | None:
    dep = data["department"]
    findings = dep.get("lint")
    if findings is None or (not findings and not dep.get("address")):
        return None
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning", "info")}
    return {"findings": findings, "counts": counts, "address": dep.get("address"), "severity": STRINGS[lang]["severity"]}


def _checks(t: dict[str, Any], ids: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in t.get("checks") or [] if c["id"] in ids}


def _mark(jpeg: bytes, scale: float, box: list[float] | None, fold: float | None, ok: bool, max_width: int = 560) -> bytes:
    """The screenshot cut to a little more than the first screen, the link boxed (green when prominent, red
    otherwise) and the first screen's bottom edge drawn as a dashed line."""
    img = Image.open(io.BytesIO(jpeg)).convert("RGB")
    bottom = max(fold or 0, (box[1] + box[3]) if box else 0) + 80
    img = img.crop((0, 0, img.width, min(img.height, int(bottom * scale))))
    draw = ImageDraw.Draw(img)
    lw = max(2, int(round(img.width / 300)))
    font = _font(max(14, int(img.width / 28)))
    if fold and fold * scale < img.height:
        y = int(fold * scale)
        for x in range(0, img.width, 24):
            draw.line([(x, y), (min(img.width, x + 14), y)], fill=(0, 90, 200), width=lw)
        label = "首屏底边 first screen"
        tw, th = draw.textbbox((0, 0), label, font=font)[2:]
        draw.rectangle([0, max(0, y - th - 8), tw + 8, max(0, y - 1)], fill=(0, 90, 200))
        draw.text((4, max(0, y - th - 6)), label, fill=(255, 255, 255), font=font)
    if box:
        colour = (26, 127, 55) if ok else (214, 48, 49)
        x, y, w, h = (v * scale for v in box)
        draw.rectangle([max(0, x - lw), max(0, y - lw), min(img.width - 1, x + w + lw), min(img.height - 1, y + h + lw)], outline=colour, width=lw)
    if img.width > max_width:
        img = img.resize((max_width, max(1, int(img.height * max_width / img.width))))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=75)
    return buf.getvalue()


def _zwfw_context(data: dict[str, Any], target, checklist, lang: str, out_dir) -> dict[str, Any] | None:
    run = RunDir(out_dir)
    folder = data["department"]["folder"]
    kinds = {s["id"]: s.get("kind") for s in data["department"].get("systems") or []}
    sites = []
    for t in data["targets"]:
        if kinds.get(t["system"]) != "website":
            continue
        cs = _checks(t, ("WS-01", "WS-02"))
        if not cs:
            continue
        art = run.artifacts(t)
        ws01, ws02 = cs.get("WS-01", {}), cs.get("WS-02", {})
        views = []
        loads = [(art.get("device") or {}, art.get("screenshot") or {}, t.get("screenshot"))]
        desk = (art.get("variants") or {}).get("website_desktop") or {}
        if desk:
            loads.append((desk.get("device") or {}, desk.get("screenshot") or {}, (t.get("variant_screenshots") or {}).get("website_desktop")))
        for device, shot, rel in loads:
            label = device.get("name") or "?"
            width = (device.get("viewport") or {}).get("width")
            v1 = (ws01.get("value") or {}).get(label) or {}
            evid = next((e for e in ws01.get("evidence") or [] if e.get("width") == width and e.get("box")), None)
            image = None
            if rel and run.path(rel).is_file():
                try:
                    jpeg = _mark(run.read_asset(rel), float(shot.get("scale") or 1), evid["box"] if evid else None,
                                 v1.get("screen_height"), bool(v1.get("prominent")))
                    name = f"{Path(rel).stem}-zwfw.jpg"
                    atomic_write(run.asset_path(folder, name), jpeg)
                    image = f"../assets/{folder}/{name}"
                except (OSError, ValueError):
                    image = None
            views.append({"label": label, "width": width, "height": (device.get("viewport") or {}).get("height"),
                          "found": v1.get("found"), "prominent": v1.get("prominent"), "y": v1.get("y"),
                          "screen_height": v1.get("screen_height"), "matched_by": v1.get("matched_by"),
                          "text": evid.get("text") if evid else None, "href": (ws02.get("value") or {}).get(label), "image": image})
        sites.append({"t": t, "ws01": ws01, "ws02": ws02, "views": views,
                      "expected": (ws02.get("value") or {}).get("expected") or data["department"].get("address")})
    return {"sites": sites} if sites else None


def _items_context(data: dict[str, Any], target, checklist, lang: str, out_dir) -> dict[str, Any] | None:
    pages = []
    for t in data["targets"]:
        cs = _checks(t, ("SV-01", "SV-02"))
        if not cs or all(c["outcome"] == "inapplicable" for c in cs.values()):
            continue
        sv02 = cs.get("SV-02") or {}
        v2 = sv02.get("value") if isinstance(sv02.get("value"), dict) else {}
        elements = [{"name": e, "present": e not in (v2.get("missing") or [])} for e in v2.get("required") or []]
        pages.append({"t": t, "sv01": cs.get("SV-01"), "sv02": sv02 if sv02.get("outcome") != "inapplicable" else None,
                      "elements": elements})
    return {"pages": pages} if pages else None


register_section(Section("lint", "section_lint.html", "department", _lint_context, order=20))
register_section(Section("zwfw", "section_zwfw.html", "department", _zwfw_context, order=30))
register_section(Section("items", "section_items.html", "department", _items_context, order=31))
