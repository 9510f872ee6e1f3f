"""The motion watch's pure helpers (harness.gather.page_inspection, EL-10's ``motion`` stage): which timers recur."""

from __future__ import annotations

from harness.gather.page_inspection import recurring_timers


def test_recurring_timers():
    ts = [{"kind": "setInterval", "delay": 3000, "source": "a"}, {"kind": "setInterval", "delay": 16, "source": "tick"},
          {"kind": "setTimeout", "delay": 2000, "source": "next"}, {"kind": "setTimeout", "delay": 2000, "source": "next"},
          {"kind": "setTimeout", "delay": 5000, "source": "once"}]
    rec = recurring_timers(ts, 500)
    assert sorted((r["kind"], r["delay"]) for r in rec) == [("setInterval", 3000), ("setTimeout", 2000)]
