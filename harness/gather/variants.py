"""Variant loads: the same target loaded again under another profile (the host's elder mode, a WeChat or Alipay
in-app user agent, a desktop viewport …), because some checks compare what a page does under each.

A :class:`Variant` says how to change the :class:`~harness.gather.GatherOptions` of the primary load and when it
applies to a target. Checks ask for a variant by name (``"requires": ["variants.platform_elder"]`` in their check.json); the engine runs only the
variants some active check needs, after the primary load, and stores each load's artifacts under
``artifacts["variants"][name]`` (same shape as the primary artifacts; its screenshot bytes are kept too).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from . import GatherOptions


@dataclass
class Variant:
    """A named variant load.

    Attributes:
        name: key under ``artifacts["variants"]`` and in a check's ``requires`` (``variants.NAME``).
        apply: ``(options, target_info) -> options`` for the variant load (receives a copy; may mutate it).
        when: ``target_info -> bool``: whether the variant applies to a target (default: always).
        description: one line, for reports.
        exclusive: loads of this variant run one at a time (a timing measurement such as the throttled LCP should not
            compete with another of its kind for the machine).
        stages: the optional gather stages this variant's load runs (a variant load runs none of the primary
            load's optional stages — axe-core, the crawl, the probes — unless named here or added by ``apply``).
        skip: built-in stages this variant's load does without (e.g. a load that only compares text needs no
            screenshot and no layout measurement).
        enabled: ``options -> bool``: whether the run's check parameters ask for this load at all (e.g.
            the gathering parameter ``throttled.enabled`` false turns the throttled load off); default always.
    """

    name: str
    apply: Callable[[GatherOptions, dict[str, Any]], GatherOptions]
    when: Callable[[dict[str, Any]], bool] = lambda info: True
    description: str = ""
    exclusive: bool = False
    stages: frozenset = frozenset()
    skip: frozenset = frozenset()
    enabled: Callable[[GatherOptions], bool] = lambda options: True


#: Registered variants, by name.
VARIANTS: dict[str, Variant] = {}


def register_variant(variant: Variant) -> None:
    """Register a variant load. Raises ValueError on a duplicate name."""
    if variant.name in VARIANTS:
        raise ValueError(f"duplicate variant {variant.name!r}")
    VARIANTS[variant.name] = variant


def options_for(variant: Variant, base: GatherOptions, info: dict[str, Any]) -> GatherOptions:
    """The gather options of ``variant`` for a target, derived from the primary load's options."""
    opts = dataclasses.replace(base, init_scripts=list(base.init_scripts), route_handlers=list(base.route_handlers),
                               optional_stages=set(variant.stages), variant=variant.name,
                               params=dict(base.params), skip_stages=set(base.skip_stages) | set(variant.skip),
                               host=dict(base.host) if base.host else None)
    return variant.apply(opts, info) or opts
