"""SE-02: No exposed source maps, /.git/ or secrets in front-end code (不暴露 source map、.git 目录和前端密钥). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, failed, passed
from .. import ev


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """SE-02: no ``/.git/`` repository served (HEAD or config readable at the site root or the page's
    directory), no JavaScript source map served (when ``source_maps`` is true), and no secret in the page's
    front-end code (inline and same-site scripts) of a kind in ``secret_kinds`` (aliyun_access_key,
    aws_access_key, tencent_secret_id, private_key, secret_assignment, password_assignment).

    Source: 国办函〔2026〕12号 (落实网络安全、数据安全和个人信息保护; article not confirmed); 国办秘函〔2019〕19号
    单项否决·安全、泄密事故等严重问题; GB/T 35273-2020 6.3 个人敏感信息的传输和存储 (keys and passwords).
    Value: {"git": n, "source_maps": n, "secrets": n}. Evidence: each URL, with the secret masked.
    """
    pr = a["probes"]
    kinds = set(p["secret_kinds"])
    git = [g for g in pr.get("git", []) if g.get("exposed")]
    maps = [m for m in pr.get("source_maps", []) if m.get("exposed")] if p["source_maps"] else []
    secrets = [s for s in pr.get("secrets", []) if s["kind"] in kinds]
    value = {"git": len(git), "source_maps": len(maps), "secrets": len(secrets)}
    thr = bi("0 exposed .git, source maps, secrets",
             "无暴露的 .git、source map 与密钥")
    evid = [ev(url=g["url"], value="git", note=f"HTTP {g['status']}: {(g.get('snippet') or '')[:40]!r}") for g in git]
    evid += [ev(url=m["url"], value="source map", note=f"for {m['script']} ({m['how']})") for m in maps]
    evid += [ev(url=s["url"], value=s["kind"], text=s["snippet"], note=f"line {s['line']}") for s in secrets]
    if evid:
        en = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in value.items() if n)
        zh = "，".join(f"{ {'git': '暴露 .git 目录', 'source_maps': '暴露 source map', 'secrets': '前端代码含密钥或口令'}[k]} {n} 处"
                      for k, n in value.items() if n)
        return failed(f"exposed code or secrets: {en}", zh=f"前端暴露源码或密钥：{zh}", value=value, threshold=thr, evidence=evid[:30])
    return passed(f"no .git, source map or secret exposed ({len(pr.get('scripts', []))} script(s), {pr.get('inline_scripts', 0)} inline)",
                  zh="未发现暴露的 .git、source map 或密钥", value=value, threshold=thr)
