"""AX-07 on hand-made images: file names and generic words as alternatives need a person."""

from __future__ import annotations

from tests.checkrun import run
from tests.stage_artifacts import art


def test_alt_text_semi():
    img = lambda alt, vis=True: {"selector": "img", "alt": alt, "visible": vis, "box": [0, 0, 1, 1], "src": "x"}  # noqa: E731
    assert run("AX-07", art({"images": [img("社保卡样式")]})).outcome == "passed"
    o = run("AX-07", art({"images": [img("IMG_2031.JPG"), img("图片"), img("pic 3"), img("图片", vis=False)]}))
    assert o.outcome == "cantTell" and o.value == 3
    assert run("AX-07", art({"images": [img("")]})).outcome == "inapplicable"
