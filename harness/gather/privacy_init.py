"""Recording of permission requests and data sent before any user interaction, and the optional stage
``pi_state`` that reads the record after the load.

``privacy_init.js`` is installed on every load before any page script (:func:`register_init_script`); the stage
stores ``artifacts["pi_state"]``::

    {"t_first_input": ms | None, "calls": [{"t": ms, "api": "geolocation.getCurrentPosition" | …, "detail"}],
     "sends": [{"t": ms, "api": "fetch" | "xhr" | "sendBeacon" | "form.submit" | …, "url", "body_kind":
                "FormData" | "URLSearchParams" | "json" | "urlencoded" | "text" | …, "keys": [names],
                "field_values": count of the page's form-field values found in the body, "snippet": ≤ 500 chars}],
     "now": ms since navigation start}

Times are ms since the document's navigation start (``performance.now()``).
"""

from __future__ import annotations


from . import GatherRun, register_init_script, register_stage
from .page_functions import page_function

register_init_script("privacy", page_function("privacy_init"))


async def _pi_state(run: GatherRun) -> None:
    run.artifacts["pi_state"] = await run.evaluate(
        "() => { const p = window.__harness_pi; return p ? {t_first_input: p.t_first_input, calls: p.calls.slice(0, 100), "
        "sends: p.sends.slice(0, 100), now: Math.round(performance.now())} : null }")
    if run.artifacts["pi_state"] is None:
        raise RuntimeError("the privacy recorder was not installed in the page")


register_stage("pi_state", _pi_state)
