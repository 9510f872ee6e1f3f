"""AX-07: Text alternatives say what the image means (not a file name or a generic word) (替代文本说明图片含义（非文件名、非泛称）). Definition: check.json beside this file."""

from __future__ import annotations

import re
from typing import Any

from ...outcomes import Outcome, bi, cant_tell, inapplicable, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AX-07 (semi): text alternatives that exist but say nothing — a file name (``*.png``), or a generic word
    from ``generic`` (图片, image, icon …) — need a person: cantTell with the images marked; passed when every
    visible image with a non-empty alt has a specific one; inapplicable without such images. axe-core's
    image-alt (AX-01) only checks that an alternative exists.

    Source: GB/T 37668-2019 可感知性·替代文本; WCAG 2.0 SC 1.1.1 Non-text Content (the alternative serves the
    equivalent purpose).
    Value: number of doubtful alternatives.
    """
    generic = {g.lower() for g in p["generic"]}
    imgs = [i for i in a["dom"].get("images", []) if i.get("visible") and (i.get("alt") or "").strip()]
    thr = bi("alt text names the image's purpose",
             "替代文本说明图片的用途")
    if not imgs:
        return inapplicable("no visible image with a text alternative", zh="页面没有带替代文本的可见图片", threshold=thr, value=0)
    bad = []
    for i in imgs:
        alt = i["alt"].strip()
        if re.search(r"\.(png|jpe?g|gif|svg|webp|bmp)$", alt, re.I) or alt.lower() in generic or re.fullmatch(r"(img|image|pic|图)?[_\-\s]*\d+", alt, re.I):
            bad.append(ev(i, text=alt, url=i.get("src")))
    if bad:
        return cant_tell(f"{len(bad)} image(s) have an alternative that may not describe them", zh=f"{len(bad)} 张图片的替代文本可能没有说明其含义，需人工确认",
                         value=len(bad), threshold=thr, evidence=bad[:30])
    return passed(f"{len(imgs)} image alternative(s) look specific", zh=f"{len(imgs)} 张图片的替代文本看来具体明确", value=0, threshold=thr)
