"""The journey gatherer: run a page's steps after its load and audit the states at its checkpoints, one load.

:func:`run_journey` is what :func:`harness.gather.gather` does instead of running the stages once when
``GatherOptions.journey`` is set (a :class:`harness.journeys.Journey`). For each segment (steps, checkpoint) it
runs the steps in the page (Playwright's locators: auto-waiting, the first element a selector matches, each step at
most ``journey.step_ms`` ms), then runs the load's stages on the state reached (snapshot: DOM, text, layout, axe,
personal data on screen, title) and keeps a copy of the artifacts as that checkpoint's. What happened is partitioned
between checkpoints (timespan): the network log, console messages, page errors, dialogs, popups, downloads and
main-frame navigations of a checkpoint are those recorded since the checkpoint before (the first: since the load
began); in-page recorders (host bridge calls, page views, permission requests) are read cumulatively, since the load.

``run.checkpoints`` = [{"id", "artifacts", "screenshot"}] in order, and every checkpoint's artifacts (and the
load's) carry ``journey``::

    {"steps": [step as written], "checkpoint": id or None, "index": its position, "of": number of checkpoints,
     "done": [{"step": index, "text", "ms", "url"}] steps done in its segment, "url": where the checkpoint was
     taken, "reached": bool, "error"?: "step N (TEXT): why", "failed_step"?: index}

A step that fails ends the journey: its checkpoint gets ``reached`` false and ``error`` naming the step and its
index (what earlier checkpoints measured stays), and every later checkpoint is recorded as not reached (the journey
ended before it). Stages that leave or mutate the page (``outbound``, ``text_zoom``) run only at the last
checkpoint; the checks needing them say so at the others.
"""

from __future__ import annotations

import asyncio
import copy
import re
import time
from typing import Any
from urllib.parse import urlsplit

from .. import journeys as journeys_mod
from . import GatherRun, masked_screenshot, register_param, run_stages

#: Stages that leave the page's state (clicking links away, enlarging every font) run only at the last checkpoint.
FINAL_ONLY_STAGES = frozenset({"outbound", "text_zoom"})
#: Event lists partitioned between checkpoints (each checkpoint's are those recorded since the one before).
PARTITIONED = ("network", "console", "page_errors", "dialogs", "popups", "downloads", "frame_navigations")

register_param("journey.step_ms", 10000, merge="max", unit="ms",
               description="Longest a journey step may take (finding its element, acting, a location wait).")


class StepFailed(Exception):
    """A journey step could not be done; the message is "step N (TEXT): why"."""


async def _locate(run: GatherRun, selector: str, timeout: float):
    loc = run.page.locator(selector).first
    await loc.wait_for(state="attached", timeout=timeout)
    return loc


def _location_part(url: str, what: str) -> str:
    p = urlsplit(url)
    return {"wait_for_url": url, "wait_for_path": p.path, "wait_for_fragment": "#" + p.fragment if p.fragment else ""}[what]


async def run_step(run: GatherRun, step: journeys_mod.Step, secrets: dict[str, str], step_ms: int) -> None:
    """Do one step in ``run.page`` within ``step_ms`` ms.

    Raises:
        StepFailed: the element was not found in time, the action failed, a location wait timed out, an
            environment variable is missing, or the navigation failed (message: "step N (TEXT): why").
    """
    page = run.page
    t = step_ms

    def val(v: str) -> str:
        return journeys_mod.resolve(v, secrets)

    try:
        k = step.kind
        if k == "click":
            await (await _locate(run, step.selector, t)).click(timeout=t)
        elif k in ("fill", "select"):
            for sel, v in step.fields:
                loc = await _locate(run, sel, t)
                if k == "fill":
                    await loc.fill(val(v), timeout=t)
                else:
                    value = val(v)
                    try:
                        await loc.select_option(value=value, timeout=t)
                    except Exception:
                        await loc.select_option(label=value, timeout=t)
        elif k == "clear":
            await (await _locate(run, step.selector, t)).fill("", timeout=t)
        elif k in ("check", "uncheck"):
            loc = await _locate(run, step.selector, t)
            await (loc.check(timeout=t) if k == "check" else loc.uncheck(timeout=t))
        elif k == "press":
            if step.selector:
                await (await _locate(run, step.selector, t)).press(step.value, timeout=t)
            else:
                await page.keyboard.press(step.value)
        elif k == "wait_for":
            await page.locator(step.selector).first.wait_for(state=step.state, timeout=t)
        elif k == "scroll_to":
            await (await _locate(run, step.selector, t)).scroll_into_view_if_needed(timeout=t)
        elif k == "navigate":
            await page.goto(val(step.value), wait_until="load", timeout=run.options.navigation_ms)
        elif k.startswith("wait_for_"):
            want = val(step.value)
            until = time.monotonic() + t / 1000
            while True:  # the page's location, read by the driver (no page script can answer for it)
                here = _location_part(page.url, k)
                if (here == want) != step.negate:
                    break
                if time.monotonic() > until:
                    raise TimeoutError(f"the {k[9:]} is {here!r} after {t} ms, not {'other than ' if step.negate else ''}{want!r}")
                await asyncio.sleep(0.05)
        elif k == "screenshot":
            name = re.sub(r"[^A-Za-z0-9._-]+", "_", step.value).strip("._") or f"step{step.index + 1}"
            data = await masked_screenshot(run, type="jpeg", quality=run.options.jpeg_quality, full_page=True,
                                           animations="disabled", caret="hide", timeout=t)
            run.captures.append({"name": name.rsplit(".", 1)[0][:40], "step": step.index, "data": data})
        else:  # pragma: no cover (parse_step admits no other kind)
            raise ValueError(f"unknown step kind {k!r}")
    except journeys_mod.MissingVariable as e:
        raise StepFailed(f"{step.describe()}: {e}") from None
    except Exception as e:
        msg = str(e).strip().splitlines()
        why = msg[0] if msg else type(e).__name__
        if "Timeout" in why or isinstance(e, (TimeoutError, asyncio.TimeoutError)):
            target = step.selector or ", ".join(s for s, _ in step.fields) or step.value
            why = f"not done within {t} ms ({target}): {why}" if target else f"not done within {t} ms: {why}"
        raise StepFailed(f"{step.describe()}: {why[:400]}") from None


def _snapshot(run: GatherRun, record: dict[str, Any]) -> dict[str, Any]:
    """A copy of the load's artifacts as they are now, with ``journey`` = ``record``."""
    snap = copy.deepcopy({k: v for k, v in run.artifacts.items() if k != "journey"})
    snap["journey"] = record
    return snap


def _partition(run: GatherRun) -> None:
    """Start the next checkpoint's timespan: empty the partitioned event lists and the navigations seen (in place
    where a recorder holds the list)."""
    a = run.artifacts
    for name in PARTITIONED:
        if isinstance(a.get(name), list):
            del a[name][:]
    reach = a.get("reach")
    if isinstance(reach, dict):
        for name in ("navigations", "downloads"):
            if isinstance(reach.get(name), list):
                del reach[name][:]
    for name in ("dropped", "capped"):
        if isinstance(a.get(name), dict):
            a[name].clear()


async def run_journey(run: GatherRun, stages: list) -> None:
    """Run ``run.options.journey`` on the loaded page: steps, then at each checkpoint the ``stages``
    (:class:`harness.gather.StageSpec`, in order; :func:`harness.gather.run_stages`); fills ``run.checkpoints``
    (see the module). Never raises for a failed step."""
    journey = run.options.journey
    step_ms = int(run.options.param("journey.step_ms"))
    secrets = run.secrets
    n = len(journey.checkpoints)
    base = {"steps": journey.describe(), "of": n}
    run.checkpoints = []
    failed: str | None = None
    for k, (steps, cp) in enumerate(journey.segments):
        record: dict[str, Any] = {**base, "checkpoint": cp.id if cp else None, "index": k, "done": [], "reached": True}
        if failed is not None:
            record.update(reached=False, error=f"not reached: the journey ended before it ({failed})")
            run.checkpoints.append({"id": cp.id if cp else None, "artifacts": _snapshot(run, record), "screenshot": None,
                                    "captures": []})
            continue
        for step in steps:
            t = time.monotonic()
            try:
                await run_step(run, step, secrets, step_ms)
            except StepFailed as e:
                failed = str(e)
                record.update(reached=False, error=failed, failed_step=step.index)
                break
            record["done"].append({"step": step.index, "text": step.text, "ms": int((time.monotonic() - t) * 1000),
                                   "url": run.page.url})
        record["url"] = run.page.url
        if failed is not None:
            run.checkpoints.append({"id": cp.id if cp else None, "artifacts": _snapshot(run, record), "screenshot": None,
                                    "captures": _take_captures(run)})
            continue
        last = k == len(journey.segments) - 1
        reach = run.artifacts.get("reach")
        if isinstance(reach, dict) and (steps or k):
            reach["registered"] = run.page.url  # the place the steps led to is what this checkpoint audits
        if cp is not None and isinstance(run.artifacts.get("target"), dict):
            run.artifacts["target"] = {**run.artifacts["target"], **checkpoint_info(run.artifacts["target"], cp)}
        run.screenshot = None
        here = stages if last else [spec for spec in stages if spec.name not in FINAL_ONLY_STAGES]
        for spec in stages:  # an error of a stage at the checkpoint before is not this checkpoint's
            run.artifacts["errors"].pop(spec.name, None)
            if spec not in here:
                run.artifacts.setdefault("journey_skipped", {})[spec.name] = "run only at the journey's last checkpoint"
        await run_stages(run, here)
        await run.finish_besides()
        run.checkpoints.append({"id": cp.id if cp else None, "artifacts": _snapshot(run, record), "screenshot": run.screenshot,
                                "captures": _take_captures(run)})
        run.artifacts.pop("journey_skipped", None)
        if not last:
            _partition(run)
    run.artifacts["journey"] = run.checkpoints[-1]["artifacts"]["journey"] if run.checkpoints else base


def _take_captures(run: GatherRun) -> list[dict[str, Any]]:
    caps, run.captures = run.captures, []
    return caps


def checkpoint_info(target: dict[str, Any], cp: journeys_mod.Checkpoint) -> dict[str, Any]:
    """The fields of a target's plain-data description a checkpoint overrides: its role, item and expect (when
    given) and its id."""
    out: dict[str, Any] = {"checkpoint": cp.id}
    if cp.role:
        out["role"] = cp.role
    if cp.item is not None:
        out["item"] = cp.item
    out["expect"] = cp.expect
    return out
