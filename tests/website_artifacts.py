"""Hand-made artifacts of a department website's home page, for the unit tests of the 政务服务 column checks
(WS-01, WS-02: ``harness/checks/ws_0?/test_ws_0?.py``).

The shapes are those of ``artifacts["ws_links"]`` (see :mod:`harness.gather.website`) on the primary load (a
375 × 667 CSS px phone, ``mobile-375``) and the desktop variant load (``variants.website_desktop``, 1366 × 768
CSS px, ``desktop-1366``); boxes are [x, y, width, height] CSS px.
"""

from __future__ import annotations

#: The department's 附件1 address (a well-formed one) the 政务服务 link should lead to.
ADDR = "https://www.qhzwfw.gov.cn/adminpermitbm.html?ouguid=11111111-2222-4333-8444-555555555555&ouname=%E6%B5%8B%E8%AF%95"


def link(text="政务服务", href=ADDR, box=(10, 80, 64, 24), first=1.0, rendered=True, covered=False, **names):
    """A link candidate ``#zw`` named ``text`` (``names`` sets alt, title, aria_label) to ``href``, with its box,
    the share ``first`` of it inside the first screen, whether it is rendered and what covers it."""
    return {"selector": "#zw", "href": href, "names": {"text": text, "alt": "", "title": "", "aria_label": "", **names},
            "box": list(box), "rendered": rendered, "first_screen": first, "covered": covered, "to_platform": True}


def home_page(mobile_links, desktop_links, address=ADDR, department="测试"):
    """Artifacts of the home page of ``department``'s website (registered 附件1 address ``address``) whose mobile
    and desktop loads have these link candidates."""
    def load(name, w, h, links):
        return {"device": {"name": name, "viewport": {"width": w, "height": h}},
                "ws_links": {"viewport": {"width": w, "height": h}, "links": links}}
    art = load("mobile-375", 375, 667, mobile_links)
    art["target"] = {"system_kind": "website", "address": address, "department": department}
    art["variants"] = {"website_desktop": load("desktop-1366", 1366, 768, desktop_links)}
    return art
