"""Annotated evidence: the offending elements boxed and numbered on the page's screenshot, plus a close-up of
each box (pillow).

Boxes come from check evidence in CSS px (document coordinates at the device width); the screenshot's
``scale`` (device pixels per CSS px) maps them onto the image. Output images are JPEG sized for reading: the
overview is at most :data:`OVERVIEW_WIDTH` px wide (labels are drawn after resizing, so they stay legible), each
close-up at most :data:`CROP_WIDTH` × :data:`CROP_HEIGHT` px, so that a department's report with 20 pages stays
well under 10 MB (``bench/report_size.py`` measures it).
"""

from __future__ import annotations

import io
from typing import Any, Iterable

from PIL import Image, ImageDraw, ImageFont

from .. import personal_data

#: Outline colours by outcome.
COLOURS = {"failed": (214, 48, 49), "cantTell": (230, 126, 34)}
EDGE_COLOUR = (0, 90, 200)
#: Width of the overview image (px): 1.44 × a 375 CSS px screen, enough to read 12 px text when opened.
OVERVIEW_WIDTH = 540
#: Largest close-up (px).
CROP_WIDTH, CROP_HEIGHT = 360, 240
#: Evidence boxes drawn per check (the report lists the same number of evidence items).
BOXES_PER_CHECK = 12
#: Close-ups written per check (its first boxes) and per page.
CROPS_PER_CHECK, CROPS_PER_TARGET = 4, 24
_FONT_CANDIDATES = ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"]
_fonts: dict[int, Any] = {}


def _font(size: int):
    if size not in _fonts:
        for path in _FONT_CANDIDATES:
            try:
                _fonts[size] = ImageFont.truetype(path, size)
                break
            except OSError:
                continue
        else:
            _fonts[size] = ImageFont.load_default()
    return _fonts[size]


def boxes_for(checks: Iterable[dict[str, Any]], device_width: int, per_check: int = BOXES_PER_CHECK) -> list[dict[str, Any]]:
    """Collect numbered boxes from failed and cantTell checks' evidence that was measured at the device width.

    Returns [{"n": 1, "check": "EL-05", "outcome": "failed", "box": [x, y, w, h], "evidence": index}], numbered
    in order of appearance, at most ``per_check`` per check; each evidence dict boxed gets the same ``n`` under
    key ``marker`` so reports can refer to it. Evidence measured at another viewport width (``width`` set and
    different from ``device_width``) or without a positive-size box is not boxed.
    """
    out = []
    for c in checks:
        if c["outcome"] not in COLOURS:
            continue
        for i, e in enumerate(c.get("evidence", [])[:per_check]):
            box = e.get("box")
            if not box or len(box) != 4 or box[2] <= 0 or box[3] <= 0:
                continue
            if e.get("width") not in (None, device_width):
                continue
            n = len(out) + 1
            e["marker"] = n
            out.append({"n": n, "check": c["id"], "outcome": c["outcome"], "box": [float(v) for v in box], "evidence": i})
    return out


def _label(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, colour, font, bounds: tuple[int, int],
           taken: list[tuple[int, int, int, int]] | None = None) -> None:
    """A filled label with white text whose bottom-left corner sits at ``xy`` (kept inside ``bounds``). With
    ``taken`` (rectangles of labels already drawn), the label moves right, then down, until it overlaps none,
    and its rectangle is added."""
    l, t, r, b = draw.textbbox((0, 0), text, font=font)
    w, h = r - l + 8, b - t + 6
    x = min(max(0, int(xy[0])), max(0, bounds[0] - w))
    y = int(xy[1]) - h
    if y < 0:
        y = int(xy[1]) + 2  # inside the box when there is no room above it
    y = min(max(0, y), max(0, bounds[1] - h))
    if taken is not None:
        for _ in range(40):
            hit = next((o for o in taken if x < o[2] and o[0] < x + w and y < o[3] and o[1] < y + h), None)
            if hit is None:
                break
            x = hit[2] + 1
            if x + w > bounds[0]:
                x, y = max(0, min(int(xy[0]), bounds[0] - w)), min(hit[3] + 1, max(0, bounds[1] - h))
        taken.append((x, y, x + w, y + h))
    draw.rectangle([x, y, x + w, y + h], fill=colour)
    draw.text((x + 4 - l, y + 3 - t), text, fill=(255, 255, 255), font=font)


def _open(jpeg: bytes | Image.Image) -> Image.Image:
    if isinstance(jpeg, Image.Image):
        return jpeg
    img = Image.open(io.BytesIO(jpeg))
    return img.convert("RGB")


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    return buf.getvalue()


def annotate(jpeg: bytes | Image.Image, boxes: list[dict[str, Any]], scale: float, max_width: int = OVERVIEW_WIDTH,
             quality: int = 62, edge: float | None = None, edge_label: str = "screen edge",
             window: float | None = None) -> bytes:
    """Draw ``boxes`` (CSS px) numbered on the screenshot ``jpeg`` (``scale`` device px per CSS px); when the
    screenshot is wider than the layout viewport, mark the screen edge at ``edge`` CSS px.

    The image is first resized to at most ``max_width`` px (a screenshot wider than the screen, e.g. content
    overflowing to the right, may use up to twice that), then boxes and labels are drawn at a fixed pixel size,
    so numbers stay legible whatever the page's width. With ``window`` (CSS px), the image is cut to that height
    around the first box (a screenful, for small previews). Returns JPEG bytes.
    """
    img = _open(jpeg)
    css_w = img.width / scale
    if edge and edge < css_w - 1:
        max_width = min(2 * max_width, max(max_width, int(max_width * css_w / edge)))
    top = 0.0
    if window:
        first = min((b["box"][1] for b in boxes), default=0.0)
        top = max(0.0, min(first - window * 0.2, img.height / scale - window))
        img = img.crop((0, int(top * scale), img.width, int(min(img.height, (top + window) * scale))))
    if img.width > max_width:
        img = img.resize((max_width, max(1, int(img.height * max_width / img.width))), Image.LANCZOS, reducing_gap=3.0)
    k = img.width / css_w  # output px per CSS px
    draw = ImageDraw.Draw(img)
    font = _font(15)
    if edge and edge < css_w - 1:
        x = int(edge * k)
        for y in range(0, img.height, 16):
            draw.line([(x, y), (x, min(img.height, y + 9))], fill=EDGE_COLOUR, width=2)
        _label(draw, (x + 2, 22), edge_label, EDGE_COLOUR, _font(12), img.size)
    for b in boxes:
        x, y, w, h = b["box"]
        x0, y0, x1, y1 = x * k, (y - top) * k, (x + w) * k, (y + h - top) * k
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(img.width - 1, x1), min(img.height - 1, y1)
        if x1 <= x0 or y1 <= y0:
            continue
        colour = COLOURS.get(b["outcome"], COLOURS["failed"])
        draw.rectangle([x0, y0, x1, y1], outline=colour, width=2)
    # Labels after all outlines, so that no outline crosses a number; one label per box ("1,4" when two checks
    # point at the same element), moved aside when it would cover another.
    same: dict[tuple, list[dict[str, Any]]] = {}
    for b in boxes:
        same.setdefault(tuple(round(v) for v in b["box"]), []).append(b)
    taken: list[tuple[int, int, int, int]] = []
    for key, group in same.items():
        x, y, w, h = group[0]["box"]
        x0, y0 = max(0.0, x * k), (y - top) * k
        if (y + h - top) * k < 0 or y0 > img.height or x * k > img.width:
            continue
        outcome = "failed" if any(b["outcome"] == "failed" for b in group) else group[0]["outcome"]
        _label(draw, (x0, max(0.0, y0)), ",".join(str(b["n"]) for b in group), COLOURS.get(outcome, COLOURS["failed"]),
               font, img.size, taken)
    return _jpeg(img, quality)


def crop(jpeg: bytes | Image.Image, box: list[float], scale: float, number: int | None = None, outcome: str = "failed",
         margin: float = 16, min_size: tuple[float, float] = (200, 90), max_size: tuple[int, int] = (CROP_WIDTH, CROP_HEIGHT),
         max_css_width: float = 420, quality: int = 72) -> bytes:
    """A close-up of one box (CSS px): the box with ``margin`` CSS px around it, at least ``min_size`` CSS px
    (so a small button shows its surroundings), at most ``max_css_width`` CSS px wide (the start of a wider box),
    and at most ``max_size`` px once scaled down; the box outlined and labelled with ``number``. Returns JPEG
    bytes.

    Raises:
        ValueError: the box lies outside the screenshot.
    """
    img = _open(jpeg)
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    rw, rh = max(w + 2 * margin, min_size[0]), max(h + 2 * margin, min_size[1])
    # A very wide box (a line of text across a zoomed-out page) shows its start, a very tall one (a whole form)
    # its top: a close-up is for reading.
    rw = min(rw, max(min_size[0], max_css_width))
    rh = min(rh, max(min_size[1], rw * max_size[1] / max_size[0] * 1.5))
    if x * scale >= img.width or y * scale >= img.height or x + w <= 0 or y + h <= 0:
        raise ValueError("box outside the screenshot")
    top_css = y - margin if h + 2 * margin > rh else cy - rh / 2
    left_css = x - margin if w + 2 * margin > rw else cx - rw / 2
    left = int(min(max(0.0, left_css * scale), max(0.0, img.width - rw * scale)))
    top = int(min(max(0.0, top_css * scale), max(0.0, img.height - rh * scale)))
    right = min(img.width, int(left + rw * scale))
    bottom = min(img.height, int(top + rh * scale))
    if right - left < 4 or bottom - top < 4:
        raise ValueError("box outside the screenshot")
    part = img.crop((left, top, right, bottom))
    f = min(1.0, max_size[0] / part.width, max_size[1] / part.height)
    if f < 1.0:
        part = part.resize((max(1, int(part.width * f)), max(1, int(part.height * f))), Image.LANCZOS, reducing_gap=3.0)
    k = part.width / ((right - left) / scale)
    ox, oy = left / scale, top / scale
    d = ImageDraw.Draw(part)
    colour = COLOURS.get(outcome, COLOURS["failed"])
    d.rectangle([max(0, (x - ox) * k), max(0, (y - oy) * k), min(part.width - 1, (x + w - ox) * k),
                 min(part.height - 1, (y + h - oy) * k)], outline=colour, width=2)
    if number is not None:
        _label(d, (max(0.0, (x - ox) * k), max(0.0, (y - oy) * k)), str(number), colour, _font(14), part.size)
    return _jpeg(part, quality)


def downscale(jpeg: bytes | Image.Image, max_width: int, quality: int = 70) -> bytes:
    """The screenshot re-encoded as JPEG no wider than ``max_width`` px (for 附件2 and plain previews)."""
    img = _open(jpeg)
    if img.width > max_width:
        img = img.resize((max_width, max(1, int(img.height * max_width / img.width))), Image.LANCZOS, reducing_gap=3.0)
    return _jpeg(img, quality)


def redact_personal(jpeg: bytes, checks: list[dict[str, Any]], scale: float, device_width: int, quality: int = 70) -> bytes:
    """The screenshot with the personal data the checks found on screen (evidence marked ``personal``)
    pixelated (JPEG bytes); the screenshot unchanged when they found none with a box."""
    boxes = personal_data.personal_boxes(checks, device_width)
    if not boxes:
        return jpeg
    img = personal_data.pixelate(_open(jpeg), boxes, scale)
    return _jpeg(img, quality)


#: Stored screenshots keep at most this many pixels per CSS px of a page laid out at the screen's width (the
#: device's DPR 2 or 3 is more than reading needs) ...
STORE_SCALE = 1.5
#: ... and at least this many, so that small type stays legible in close-ups of a zoomed-out page (a page without
#: a viewport meta is laid out 980 CSS px wide and shrunk onto the screen).
MIN_STORE_SCALE = 1.0


#: Form pages (role ``form``) are stored at up to 2 pixels per CSS px: 附件2 shows them, sharp when printed.
FORM_STORE_SCALE = 2.0


def store_scale(meta: dict[str, Any], viewport_width: int, at_most: float = STORE_SCALE) -> float:
    """Pixels per CSS px to store a screenshot at: ``at_most`` (default ``STORE_SCALE``; ``FORM_STORE_SCALE`` for
    form pages) × screen width / layout width, between ``MIN_STORE_SCALE`` and the captured scale (never upscaled)."""
    captured = float(meta.get("scale") or 1.0)
    layout = max(float(meta.get("layout_width") or viewport_width or 1), float(viewport_width or 1))
    s = max(MIN_STORE_SCALE, at_most * (viewport_width or layout) / layout)
    return min(captured, s)


def prepare_screenshot(jpeg: bytes, meta: dict[str, Any], checks: list[dict[str, Any]], viewport_width: int,
                       quality: int = 70, at_most: float = STORE_SCALE) -> tuple[bytes, dict[str, Any]]:
    """The screenshot as stored in a run directory: personal data found on screen pixelated (see
    :func:`redact_personal`) and scaled to :func:`store_scale` (``at_most`` px per CSS px). Returns (JPEG bytes, screenshot artifact updated:
    ``scale``, ``width``, ``height``, ``bytes``, and ``captured_scale``); the input unchanged when neither applies.
    """
    captured = float(meta.get("scale") or 1.0)
    target = store_scale(meta, viewport_width, at_most)
    boxes = personal_data.personal_boxes(checks, viewport_width)
    if not boxes and target >= captured * 0.98:
        return jpeg, meta
    img = personal_data.pixelate(_open(jpeg), boxes, captured)
    if target < captured * 0.98:
        img = img.resize((max(1, round(img.width * target / captured)), max(1, round(img.height * target / captured))), Image.LANCZOS, reducing_gap=3.0)
    data = _jpeg(img, quality)
    css_w = meta.get("css_width") or (img.width / target)
    return data, {**meta, "scale": round(img.width / css_w, 4), "width": img.width, "height": img.height, "bytes": len(data),
                  "captured_scale": captured}


def save(path, data: bytes) -> None:
    """Write a derived image: to a temporary file moved into place (never a half-written image), without the
    fsync of result files (derived images are rebuilt by ``harness report``); mode 0644 in a 0755 folder."""
    import os
    from pathlib import Path

    from ..results import FILE_MODE, make_dirs

    path = Path(path)
    make_dirs(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, path)
