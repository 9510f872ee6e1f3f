"""Annotated evidence: the offending elements boxed and numbered on the page's screenshot (pillow).

Boxes come from check evidence in CSS px (document coordinates at the device width); the screenshot's
``scale`` (device pixels per CSS px) maps them onto the image. Output images are JPEG, sized for reading.
"""

from __future__ import annotations

import io
from typing import Any, Iterable

from PIL import Image, ImageDraw, ImageFont

#: Outline colours by outcome.
COLOURS = {"failed": (214, 48, 49), "cantTell": (230, 126, 34)}
_FONT_CANDIDATES = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"]


def _font(size: int):
    for path in _FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def boxes_for(checks: Iterable[dict[str, Any]], device_width: int) -> list[dict[str, Any]]:
    """Collect numbered boxes from failed and cantTell checks' evidence that was measured at the device width.

    Returns [{"n": 1, "check": "EL-05", "outcome": "failed", "box": [x, y, w, h], "evidence": index}], numbered
    in order of appearance; each evidence dict gets the same ``n`` under key ``marker`` so reports can refer to it.
    """
    out = []
    for c in checks:
        if c["outcome"] not in COLOURS:
            continue
        for i, e in enumerate(c.get("evidence", [])):
            box = e.get("box")
            if not box or len(box) != 4 or box[2] <= 0 or box[3] <= 0:
                continue
            if e.get("width") not in (None, device_width):
                continue
            n = len(out) + 1
            e["marker"] = n
            out.append({"n": n, "check": c["id"], "outcome": c["outcome"], "box": box, "evidence": i})
    return out


def annotate(jpeg: bytes, boxes: list[dict[str, Any]], scale: float, max_width: int = 750, quality: int = 72,
             edge: float | None = None, edge_label: str = "screen edge", window: float | None = None) -> bytes:
    """Draw ``boxes`` (CSS px) numbered on the screenshot ``jpeg`` (``scale`` device px per CSS px); when the
    screenshot is wider than the layout viewport, draw the screen edge at ``edge`` CSS px. Returns a JPEG no
    wider than ``max_width`` px (wide screenshots may use up to twice that). With ``window`` (CSS px), the image
    is cut to that height around the first box (a screenful, for small previews)."""
    img = Image.open(io.BytesIO(jpeg)).convert("RGB")
    draw = ImageDraw.Draw(img)
    lw = max(2, int(round(2 * scale)))
    font = _font(max(12, int(12 * scale)))
    if edge and edge * scale < img.width - 2:
        x = int(edge * scale)
        for y in range(0, img.height, 24):
            draw.line([(x, y), (x, min(img.height, y + 14))], fill=(0, 90, 200), width=lw)
        draw.rectangle([x, 0, x + draw.textbbox((0, 0), edge_label, font=font)[2] + 8, font.size + 8], fill=(0, 90, 200))
        draw.text((x + 4, 3), edge_label, fill=(255, 255, 255), font=font)
        max_width = min(2 * max_width, max(max_width, int(img.width * max_width / (edge * scale))))
    for b in boxes:
        x, y, w, h = (v * scale for v in b["box"])
        if y > img.height:
            continue
        colour = COLOURS.get(b["outcome"], (214, 48, 49))
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(img.width - 1, x + w), min(img.height - 1, y + h)
        if x1 <= x0 or y1 <= y0:
            continue
        draw.rectangle([x0, y0, x1, y1], outline=colour, width=lw)
        label = str(b["n"])
        tw, th = draw.textbbox((0, 0), label, font=font)[2:]
        lx, ly = x0, max(0, y0 - th - 4)
        draw.rectangle([lx, ly, lx + tw + 6, ly + th + 4], fill=colour)
        draw.text((lx + 3, ly + 1), label, fill=(255, 255, 255), font=font)
    if window:
        top = max(0.0, min((b["box"][1] for b in boxes), default=0.0) - window * 0.2) * scale
        top = min(top, max(0.0, img.height - window * scale))
        img = img.crop((0, int(top), img.width, int(min(img.height, top + window * scale))))
    if img.width > max_width:
        img = img.resize((max_width, int(img.height * max_width / img.width)), Image.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    return buf.getvalue()


def crop(jpeg: bytes, box: list[float], scale: float, margin: float = 24, max_width: int = 480, quality: int = 75) -> bytes:
    """A close-up of one box (CSS px) with ``margin`` CSS px around it, outlined; JPEG bytes."""
    img = Image.open(io.BytesIO(jpeg)).convert("RGB")
    x, y, w, h = box
    l = max(0, int((x - margin) * scale))
    t = max(0, int((y - margin) * scale))
    r = min(img.width, int((x + w + margin) * scale))
    b = min(img.height, int((y + h + margin) * scale))
    if r - l < 4 or b - t < 4:
        raise ValueError("box outside the screenshot")
    part = img.crop((l, t, r, b))
    d = ImageDraw.Draw(part)
    d.rectangle([x * scale - l, y * scale - t, (x + w) * scale - l, (y + h) * scale - t], outline=COLOURS["failed"], width=max(2, int(2 * scale)))
    if part.width > max_width:
        part = part.resize((max_width, int(part.height * max_width / part.width)), Image.LANCZOS)
    buf = io.BytesIO()
    part.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
