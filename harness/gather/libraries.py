"""Front-end libraries and their versions, and the optional stage ``libraries`` that finds them::

    artifacts["libraries"] = [{"name": "jquery" | "lodash" | "underscore" | "angularjs" | "bootstrap" | "moment" |
                               "handlebars" | "vue", "version": "3.4.1", "how": "global" | "url",
                               "url": script URL (secrets masked) or None}]

A library is found by the version its global reports in the page's own world (``jQuery.fn.jquery``,
``_.VERSION``, ``angular.version.full``, ``bootstrap.Tooltip.VERSION`` or jQuery's ``$.fn.tooltip.Constructor.VERSION``,
``moment.version``, ``Handlebars.VERSION``, ``Vue.version``) and by the version in the URL of a script the page
loaded (``jquery-1.8.3.min.js``, ``jquery@3.4.1``, ``/jquery/1.12.4/``), one entry per (name, version, how).
Which versions are vulnerable is not this module's business.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from ..personal_data import mask_url_secrets
from . import GatherRun, register_stage

_GLOBALS = """() => {
  const out = []; const add = (name, v) => { if (typeof v === 'string' && /^\\d+\\.\\d+/.test(v)) out.push([name, v.slice(0, 40)]); };
  const w = window;
  try { if (w.jQuery && w.jQuery.fn) { add('jquery', w.jQuery.fn.jquery);
        const t = w.jQuery.fn.tooltip; if (t && t.Constructor) add('bootstrap', t.Constructor.VERSION); } } catch (e) {}
  try { if (w._ && w._.VERSION) add(typeof w._.flatMapDeep === 'function' ? 'lodash' : 'underscore', w._.VERSION); } catch (e) {}
  try { if (w.angular && w.angular.version) add('angularjs', w.angular.version.full); } catch (e) {}
  try { if (w.bootstrap && w.bootstrap.Tooltip) add('bootstrap', w.bootstrap.Tooltip.VERSION); } catch (e) {}
  try { if (w.moment) add('moment', w.moment.version); } catch (e) {}
  try { if (w.Handlebars) add('handlebars', w.Handlebars.VERSION); } catch (e) {}
  try { if (w.Vue) add('vue', w.Vue.version); } catch (e) {}
  return out;
}"""

#: Library names as they appear in script file names, and the name used here.
_URL_NAMES = {"jquery": "jquery", "lodash": "lodash", "underscore": "underscore", "angular": "angularjs",
              "bootstrap": "bootstrap", "moment": "moment", "handlebars": "handlebars", "vue": "vue"}
#: ``name-1.2.3(.min).js``, ``name.1.2.3.js``, ``name@1.2.3``, ``/name/1.2.3/``.
_URL_VERSION = re.compile(r"(?:^|[/@])(" + "|".join(_URL_NAMES) + r")(?:\.js)?(?:[-.@]|/)v?(\d+\.\d+(?:\.\d+)?)(?=[./-]|$)", re.I)


def from_url(url: str) -> tuple[str, str] | None:
    """(library name, version) named by a script URL's path, or None. Pure."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    m = None
    for m in _URL_VERSION.finditer(path):
        pass
    return (_URL_NAMES[m.group(1).lower()], m.group(2)) if m else None


async def _libraries(run: GatherRun) -> None:
    found: list[dict[str, Any]] = []
    seen = set()

    def add(name: str, version: str, how: str, url: str | None = None) -> None:
        if (name, version, how) not in seen:
            seen.add((name, version, how))
            found.append({"name": name, "version": version, "how": how, "url": url})

    # The globals live in the page's own world (the harness's isolated world does not see them).
    for name, version in await asyncio.wait_for(run.page.evaluate(_GLOBALS), run.options.gatherer_ms / 1000):
        add(name, version, "global")
    for r in run.artifacts.get("network", []):
        if (r.get("type") or "").lower() == "script" and not r.get("failed"):
            hit = from_url(r.get("url") or "")
            if hit:
                add(hit[0], hit[1], "url", mask_url_secrets(r["url"][:500]))
    run.artifacts["libraries"] = found[:100]


register_stage("libraries", _libraries)
