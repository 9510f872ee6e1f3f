"""SE-07: no known-vulnerable front-end library versions and no JSONP endpoints (漏洞防护)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...outcomes import Outcome, bi, failed, inapplicable, passed
from .. import ev


def version(v: str) -> tuple[int, ...]:
    """``"3.4.1"`` -> (3, 4, 1, 0); a pre-release sorts before its release (``"3.5.0-rc1"`` -> (3, 5, 0, -1)). Pure."""
    out: list[int] = []
    pre = False
    for part in v.split("."):
        m = re.match(r"\d+", part)
        if not m:
            break
        out.append(int(m.group(0)))
        if m.end() < len(part):  # "0-beta": the rest of the version is a pre-release label
            pre = True
            break
    return tuple(out) + (0,) * (3 - len(out)) + (-1 if pre else 0,)


@lru_cache(maxsize=4)
def _entries(name: str) -> list[dict[str, Any]]:
    path = Path(__file__).with_name(Path(name).name)
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def advisories(name: str, v: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries of ``entries`` (``vulnerable.json``'s) whose range holds library ``name`` at version ``v``:
    from <= v < below."""
    have = version(v)
    return [e for e in entries if e["name"] == name and have < version(e["below"]) and have >= version(e.get("from", "0"))]


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SE-07: no library the ``libraries`` stage identified (by its global's version or its script URL) is in a
    vulnerable range of ``vulnerable_file``, and, when ``jsonp``, no script response of the page is a JSONP call
    (it calls the callback its URL names; ``exposure`` stage).

    Inapplicable when no library was identified and no JSONP response seen: libraries bundled into the app's own
    scripts have no global and no versioned URL, so nothing was measured that could pass.

    Source: 浙里办 服务开发指引 §7.4.2 漏洞防护 (by the issue's account; text not read); 国办函〔2021〕105号 安全保障.
    The ranges are the tool's, from the advisories each entry names.
    Value: {"libraries": identified, "vulnerable": count, "jsonp": count}.
    """
    libs: list[dict[str, Any]] = []  # one per (name, version): found by its global and by its URL is one library
    for lib in a.get("libraries") or []:
        same = next((x for x in libs if (x["name"], x["version"]) == (lib["name"], lib["version"])), None)
        if same is None:
            libs.append(dict(lib))
        else:
            same["how"] = f"{same['how']} and {lib['how']}"
            same["url"] = same.get("url") or lib.get("url")
    entries = _entries(p["vulnerable_file"])
    bad = []
    for lib in libs:
        adv = advisories(lib["name"], lib["version"], entries)
        if adv:
            bad.append((lib, adv))
    jsonp = [r for r in (a["exposure"].get("responses") or []) if r.get("jsonp")] if p["jsonp"] else []
    value = {"libraries": len(libs), "vulnerable": len(bad), "jsonp": len(jsonp)}
    thr = bi("0 library versions with a published vulnerability; 0 JSONP responses",
             "无已公布漏洞的前端库版本；无 JSONP 接口")
    if bad or jsonp:
        evidence = [ev(url=lib.get("url"), text=f"{lib['name']} {lib['version']}", value=lib["name"],
                       note=f"{', '.join(sorted({x['advisory'] for x in adv}))}: {adv[0]['summary']} (found by its {lib['how']})")
                    for lib, adv in bad[:20]]
        evidence += [ev(url=r["url"], text=f"callback {r['jsonp']}", note="JSONP response") for r in jsonp[:10]]
        en = [f"{len(bad)} vulnerable library version(s): " + ", ".join(f"{lib['name']} {lib['version']}" for lib, _ in bad[:5])] if bad else []
        zh = [f"{len(bad)} 个存在已知漏洞的前端库版本：" + "、".join(f"{lib['name']} {lib['version']}" for lib, _ in bad[:5])] if bad else []
        if jsonp:
            en.append(f"{len(jsonp)} JSONP response(s)")
            zh.append(f"{len(jsonp)} 个 JSONP 接口")
        return failed("; ".join(en), zh="；".join(zh), value=value, threshold=thr, evidence=evidence)
    if not libs:
        return inapplicable("no front-end library version identified (bundled code is not read) and no JSONP response",
                            zh="未识别到前端库版本（打包进应用脚本的库无法识别），且无 JSONP 接口", value=value, threshold=thr)
    names = ", ".join(f"{x['name']} {x['version']}" for x in libs[:6])
    return passed(f"{len(libs)} library version(s) identified, none with a published vulnerability ({names}); no JSONP response",
                  zh=f"识别到 {len(libs)} 个前端库版本，均无已公布漏洞（{names}）；无 JSONP 接口", value=value, threshold=thr)
