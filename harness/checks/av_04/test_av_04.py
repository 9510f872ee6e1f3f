"""AV-04 on generated monitoring records: a healthy week, 6 % slow, too few samples (with how many are missing),
a short record that fails whatever the missing samples, no record, an unreadable one, and the per-day windows."""

from __future__ import annotations

from tests.checkrun import run
from tests.page_artifacts import art

DAY = 24 * 3600 * 1000
UNTIL = 1_800_000_000_000


def week(per_day=48, bad_every=0, slow=False, days=7, skip_days=(), until=UNTIL):
    """Samples every 24 h / ``per_day`` over ``days`` days before ``until``; every ``bad_every``-th fails (or, with
    ``slow``, loads in 16 s)."""
    out, k = [], 0
    for d in range(days):
        if d in skip_days:
            continue
        for i in range(per_day):
            t = until - (days - d) * DAY + i * (DAY // per_day)
            k += 1
            bad = bad_every and k % bad_every == 0
            out.append({"t": t, "ok": not (bad and not slow), "elapsed_ms": 16000 if (bad and slow) else 900, "status": 200, "method": "browser", "error": None})
    return {"history": "/h", "url": "https://a.gov.cn/", "since": until - days * DAY, "until": until, "days": days, "samples": out, "error": None}


def test_healthy_week_passes():
    out = run("AV-04", art(monitoring=week(48, bad_every=50)))
    assert out.outcome == "passed", out.message
    assert out.value["samples"] == 336 and out.value["bad"] == 6 and out.value["missing"] == 0
    assert [d["samples"] for d in out.value["days"]] == [48] * 7


def test_six_percent_slow_fails():
    rec = week(50, bad_every=17, slow=True)  # 20 of 350 samples over 15 s: 5.7 %
    out = run("AV-04", art(monitoring=rec))
    assert out.outcome == "failed" and out.value["slow"] == 20 and out.value["failed"] == 0 and out.value["share"] == round(20 / 350, 4)


def test_exactly_five_percent_fails_just_below_passes():
    assert run("AV-04", art(monitoring=week(20, bad_every=20))).outcome == "failed"  # 7 of 140 = 5 %
    assert run("AV-04", art(monitoring=week(21, bad_every=21))).outcome == "passed"  # 7 of 147 = 4.8 %


def test_too_few_samples_says_how_many_are_missing():
    out = run("AV-04", art(monitoring=week(12, skip_days=(2,))))
    assert out.outcome == "cantTell"
    assert out.value["missing"] == 6 * 8 + 20 and "68 missing over 7 day(s)" in out.message
    assert "day 3: 0 of 20 (20 missing)" in out.message


def test_a_short_record_fails_when_the_missing_samples_cannot_save_it():
    rec = week(10, bad_every=2)  # 35 of 70 failed; even 70 more good samples leave 25 %
    out = run("AV-04", art(monitoring=rec))
    assert out.outcome == "failed" and out.value["missing"] == 70


def test_no_record_or_unreadable_is_cant_tell():
    assert run("AV-04", art()).outcome == "cantTell"
    bad = {**week(0), "error": "FileNotFoundError: no history database /h/history.sqlite"}
    out = run("AV-04", art(monitoring=bad))
    assert out.outcome == "cantTell" and "FileNotFoundError" in out.message


def test_samples_outside_the_window_are_not_counted():
    rec = week(48)
    rec["samples"] += [{"t": UNTIL + 1, "ok": False, "elapsed_ms": 1, "status": None, "method": "http", "error": "x"},
                       {"t": UNTIL - 7 * DAY - 1, "ok": False, "elapsed_ms": 1, "status": None, "method": "http", "error": "x"}]
    out = run("AV-04", art(monitoring=rec))
    assert out.outcome == "passed" and out.value["samples"] == 336
