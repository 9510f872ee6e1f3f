"""AV-04: Availability over a monitoring week (一周监测可访问性). Definition: check.json beside this file."""

from __future__ import annotations

from typing import Any

from ...outcomes import Outcome, bi, cant_tell, failed, passed

DAY_MS = 24 * 3600 * 1000


def days_of(record: dict[str, Any], slow_ms: int) -> list[dict[str, Any]]:
    """The record's samples per day: 24-hour windows back from ``record["until"]``, oldest first:
    [{"day" (1 = oldest), "start", "end" (UTC ms), "samples", "failed" (not ok), "slow" (ok but over ``slow_ms``),
    "bad" (failed + slow)}]."""
    until, n = record["until"], int(record["days"])
    out = []
    for i in range(n):
        start, end = until - (n - i) * DAY_MS, until - (n - i - 1) * DAY_MS
        ss = [s for s in record.get("samples", []) if start <= s["t"] < end]
        failed_n = sum(1 for s in ss if not s["ok"])
        slow_n = sum(1 for s in ss if s["ok"] and (s.get("elapsed_ms") or 0) > slow_ms)
        out.append({"day": i + 1, "start": start, "end": end, "samples": len(ss), "failed": failed_n, "slow": slow_n,
                    "bad": failed_n + slow_n})
    return out


def evaluate(a: dict[str, Any], p: dict[str, Any]) -> Outcome:
    """AV-04: over the last ``days`` days of the monitoring record (``artifacts["monitoring"]``, read from the
    history database ``harness probe`` fills), the share of failing samples — not loaded (error, HTTP ≥ 400, the
    probe's timeout) or slower than ``slow_ms`` — must stay below ``max_failure_share``.

    failed: failing samples reach the share even if every missing sample had been fine (so a short record can
    still fail); cantTell: no record (no history folder configured, no database), or a day with fewer than
    ``min_samples_per_day`` samples (the message says how many are missing, per day); passed: every day has its
    samples and the share stays below the limit.

    Source: 国办秘函〔2019〕19号 单项否决·站点无法访问 (监测1周，每天间隔性访问20次以上，超过（含）15秒仍打不开的次数累计
    占比超过（含）5%). Value: {"samples", "bad", "failed", "slow", "share", "missing", "days": [per day, see
    :func:`days_of`], "url"}. Times in ms.
    """
    rec = a.get("monitoring")
    thr = bi(f"failing or > {p['slow_ms'] / 1000:g} s samples < {p['max_failure_share']:.0%} over {p['days']} days, "
             f"≥ {p['min_samples_per_day']} samples a day",
             f"{p['days']}天内每天至少 {p['min_samples_per_day']} 次访问，超过 {p['slow_ms'] / 1000:g} 秒或失败的占比低于 {p['max_failure_share']:.0%}")
    if not rec:
        return cant_tell("no monitoring record: set AV-04.history to the folder `harness probe --history` writes",
                         zh="无监测记录：请将 AV-04.history 设为 harness probe --history 写入的目录", threshold=thr)
    if rec.get("error") and not rec.get("samples"):
        return cant_tell(f"monitoring record unreadable ({rec['error']})", zh=f"无法读取监测记录（{rec['error']}）",
                         threshold=thr, value={"url": rec.get("url"), "error": rec["error"]})
    rec = {**rec, "days": p["days"], "until": rec["until"]}
    days = days_of(rec, p["slow_ms"])
    total = sum(d["samples"] for d in days)
    bad = sum(d["bad"] for d in days)
    short = [(d["day"], d["samples"], p["min_samples_per_day"] - d["samples"]) for d in days if d["samples"] < p["min_samples_per_day"]]
    missing = sum(m for _, _, m in short)
    share = bad / total if total else 0.0
    value = {"url": rec.get("url"), "samples": total, "bad": bad, "failed": sum(d["failed"] for d in days),
             "slow": sum(d["slow"] for d in days), "share": round(share, 4), "missing": missing,
             "days": days}
    evidence = [{"url": rec.get("url"), "text": f"day {d['day']}: {d['samples']} samples, {d['failed']} failed, {d['slow']} slow",
                 "note": "monitoring day"} for d in days]
    if total and bad / (total + missing) >= p["max_failure_share"]:
        return failed(f"{bad} of {total} samples failed or took over {p['slow_ms'] / 1000:g} s ({share:.1%})"
                      + (f", at least {bad / (total + missing):.1%} whatever the {missing} missing samples" if missing else ""),
                      zh=f"{total} 次访问中 {bad} 次失败或超过 {p['slow_ms'] / 1000:g} 秒（{share:.1%}）"
                      + (f"；即使缺少的 {missing} 次均正常，占比仍达 {bad / (total + missing):.1%}" if missing else ""),
                      value=value, threshold=thr, evidence=evidence)
    if short:
        which = "; ".join(f"day {d}: {n} of {p['min_samples_per_day']} ({m} missing)" for d, n, m in short)
        which_zh = "；".join(f"第{d}天 {n}/{p['min_samples_per_day']} 次（缺 {m} 次）" for d, n, m in short)
        return cant_tell(f"too few samples: {missing} missing over {len(short)} day(s) ({which})",
                         zh=f"监测样本不足：{len(short)} 天共缺 {missing} 次（{which_zh}）", value=value, threshold=thr, evidence=evidence)
    return passed(f"{bad} of {total} samples failed or slow ({share:.1%}) over {p['days']} days",
                  zh=f"{p['days']}天 {total} 次访问中失败或超时 {bad} 次（{share:.1%}）", value=value, threshold=thr, evidence=evidence)
