"""Optional gather stages that make bounded extra requests through the browser context's request API
(``context.request``: the context's cookies and user agent, outside the page, so that nothing lands in the
page's network log or changes its DOM):

``crawl`` (privacy policy, complaint entry): breadth-first over same-site links, from the links of the loaded page (depth 1
= one tap) down to ``MAX_DEPTH`` taps, at most ``MAX_FETCHES`` fetches within ``CRAWL_BUDGET_MS``. Pages after
the first are read as served (their scripts do not run). ``artifacts["crawl"]``::

    {"start": url, "max_depth": 4, "max_fetches": 30, "fetches": n, "truncated": bool (limits hit before the
     queue ran out), "elapsed_ms": ms,
     "pages": [{"url", "final_url", "depth" (taps from the loaded page; 0 = the loaded page), "parent" (index),
                "via" (text of the link followed), "status", "content_type", "title", "text" (visible text: the
                first TEXT_CHARS characters, or POLICY_TEXT_CHARS for pages that look like a privacy policy),
                "links": [{"href", "text"}] (same-site, at most LINKS_PER_PAGE), "controls": [text] (buttons
                and other non-link controls), "times": [the ``datetime`` of each ``<time>`` element, at most
                TIMES_PER_PAGE; pages after the first only], "error"}]}

The crawl stops early once it has fetched a page that looks like a privacy policy and seen a complaint entry
(``PRIVACY_HINT``/``COMPLAINT_HINT``); the checks apply their own (parameterised) patterns to what was recorded.

``probes`` (exposed code, server details): ``/.git/HEAD`` and ``/.git/config`` at the site root and the page's directory; the
same-site scripts of the page (at most ``MAX_SCRIPTS``, ``MAX_SCRIPT_BYTES`` each) and its inline scripts scanned
for source-map references and secrets; each source map probed; one request for a path that does not exist, to
see the error page. ``artifacts["probes"]``::

    {"git": [{"url", "status", "exposed": bool, "snippet"}],
     "source_maps": [{"script", "url", "status", "exposed": bool, "how": "comment" | "header" | "guess"}],
     "secrets": [{"kind", "url" (script, or the page for inline scripts), "line", "snippet" (masked)}],
     "scripts": [{"url", "status", "bytes"}], "inline_scripts": n,
     "not_found": {"url", "status", "headers": {name: value}, "body": first 3000 characters},
     "elapsed_ms": ms}

Every request follows redirects one hop at a time through :mod:`harness.gather.hops` (a hop off the page's
site, to a link-local address, or to a loopback or private address the registered URL is not on, is not
requested; the fetch's ``error`` says why). Both stages do nothing on variant loads (:mod:`harness.gather.variants`): the site answers them the same way.
HTTPS errors are ignored by these requests (the certificate is the HTTPS check's business, and a probe must still read a
site whose certificate the test browser trusts by flag only). Sizes in bytes, times in ms.
"""

from __future__ import annotations

import asyncio
import html.parser
import re
import time
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from . import GatherRun, hops, register_stage

MAX_DEPTH = 4
MAX_FETCHES = 30
CRAWL_BUDGET_MS = 15000
FETCH_TIMEOUT_MS = 5000
MAX_PAGE_BYTES = 2_000_000
TEXT_CHARS = 2000
POLICY_TEXT_CHARS = 30000
LINKS_PER_PAGE = 80
TIMES_PER_PAGE = 50

MAX_SCRIPTS = 8
MAX_SCRIPT_BYTES = 3_000_000
PROBES_BUDGET_MS = 12000

#: Hints used only to stop the crawl early (the checks have their own patterns as parameters).
PRIVACY_HINT = re.compile(r"隐私政策|隐私协议|隐私声明|隐私保护|隐私条款|个人信息保护|个人信息处理规则|privacy", re.I)
COMPLAINT_HINT = re.compile(r"投诉|建议|意见反馈|留言|好差评")

#: Response headers kept from probe responses.
PROBE_HEADERS = ("server", "x-powered-by", "x-aspnet-version", "x-aspnetmvc-version", "x-generator", "x-runtime",
                 "x-backend-server", "via", "content-type")

_SECOND_LEVEL = {"gov.cn", "com.cn", "net.cn", "org.cn", "edu.cn", "ac.cn", "co.uk", "com.hk", "org.hk", "gov.hk"}


def site_of(url: str) -> str:
    """The site of a URL: its host's registrable part (last two labels, three under gov.cn, com.cn …), or the
    whole host for IP addresses and single-label hosts. Ports and schemes are ignored (same-site, not same-origin)."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host
    labels = host.split(".")
    n = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-n:])


def same_site(a: str, b: str) -> bool:
    """True when two http(s) URLs are on the same site (see :func:`site_of`)."""
    return urlsplit(a).scheme in ("http", "https") and urlsplit(b).scheme in ("http", "https") and site_of(a) == site_of(b)


class _PageParser(html.parser.HTMLParser):
    """Title, visible text, links (href + text) and non-link control texts of a served HTML page."""

    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.text, self.links, self.controls, self.times = "", [], [], [], []
        self._skip = 0
        self._in_title = False
        self._link: dict | None = None
        self._control: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.SKIP and tag != "head":
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"].strip()[:40])
        if tag in ("a", "area") and a.get("href") is not None:
            self._link = {"href": a.get("href") or "", "text": [a.get("aria-label") or a.get("title") or a.get("alt") or ""]}
            if tag == "area":
                self.links.append({"href": self._link["href"], "text": self._link["text"][0]})
                self._link = None
        elif tag == "img" and self._link is not None:
            self._link["text"].append(a.get("alt") or "")
        elif tag == "button" or a.get("role") in ("button", "link") or a.get("onclick") is not None:
            self._control = [a.get("aria-label") or ""]

    def handle_endtag(self, tag):
        if tag in self.SKIP and tag != "head" and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag == "a" and self._link is not None:
            self.links.append({"href": self._link["href"], "text": " ".join(" ".join(self._link["text"]).split())[:120]})
            self._link = None
        if tag == "button" and self._control is not None:
            self.controls.append(" ".join(" ".join(self._control).split())[:120])
            self._control = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        self.text.append(data)
        if self._link is not None:
            self._link["text"].append(data)
        if self._control is not None:
            self._control.append(data)


def parse_page(body: str) -> dict[str, Any]:
    """Parse served HTML: {"title", "text" (whitespace collapsed), "links": [{"href" (raw), "text"}], "controls",
    "times" (``<time datetime>`` values)}."""
    p = _PageParser()
    try:
        p.feed(body)
        p.close()
    except Exception:  # malformed HTML: keep what was parsed
        pass
    text = " ".join(" ".join(p.text).split())
    return {"title": " ".join(p.title.split()), "text": text, "links": p.links, "controls": [c for c in p.controls if c], "times": p.times}


async def fetch(run: GatherRun, url: str, timeout_ms: int = FETCH_TIMEOUT_MS, max_bytes: int = MAX_PAGE_BYTES) -> dict[str, Any]:
    """GET ``url`` through the context's request API. Returns {"url", "final_url", "status", "headers" (lower-case),
    "body" (text, at most ``max_bytes`` decoded as UTF-8 with replacement), "bytes", "error"}. Never raises.

    Answers are shared by every target of a run (``GatherOptions.shared``): the pages of one site probe the same
    ``/.git/HEAD``, scripts and source maps and crawl the same links, and fetch each of them once. Failed fetches
    are not kept, so a transient error is tried again by the next target."""
    cache = run.options.shared.setdefault("fetch", {}) if run.options.shared is not None else None
    key = (url, max_bytes)
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            return dict(await asyncio.shield(hit))
        fut = cache[key] = asyncio.get_running_loop().create_future()
    out = await _fetch(run, url, timeout_ms, max_bytes)
    if cache is not None:
        fut.set_result(out)
        if out["status"] is None:
            cache.pop(key, None)
    return dict(out)


async def _fetch(run: GatherRun, url: str, timeout_ms: int, max_bytes: int) -> dict[str, Any]:
    out: dict[str, Any] = {"url": url, "final_url": url, "status": None, "headers": {}, "body": "", "bytes": 0, "error": None}
    try:
        resp, final, refused = await asyncio.wait_for(hops.request(run, url, timeout=timeout_ms, ignore_https_errors=True, max_hops=5),
                                                      timeout_ms / 1000 + 1)
        out["final_url"] = final
        if refused:  # a hop off the site (or to an address the registered URL is not on) is never requested
            out["error"] = refused
        if resp is None:
            return out
        out["status"] = resp.status
        out["headers"] = {k.lower(): v[:300] for k, v in resp.headers.items()}
        try:
            data = await resp.body()
        except Exception as e:
            data = b""
            out["error"] = f"body: {type(e).__name__}"
        out["bytes"] = len(data)
        out["body"] = data[:max_bytes].decode("utf-8", errors="replace")
        try:
            await resp.dispose()
        except Exception:
            pass
    except Exception as e:
        out["error"] = "timeout" if isinstance(e, asyncio.TimeoutError) else f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
    return out


def _norm(url: str) -> str:
    return urldefrag(url)[0]


async def _crawl(run: GatherRun) -> None:
    if run.options.variant:  # a variant load (elder mode, another user agent) reaches the same site: crawl once
        return
    a = run.artifacts
    dom = a.get("dom") or {}
    start = (a.get("navigation") or {}).get("final_url") or run.url
    t0 = time.monotonic()
    crawl: dict[str, Any] = {"start": start, "max_depth": MAX_DEPTH, "max_fetches": MAX_FETCHES, "fetches": 0,
                             "truncated": False, "pages": []}
    a["crawl"] = crawl
    text0 = dom.get("visible_text") or ""
    policy0 = bool(PRIVACY_HINT.search(dom.get("title") or "")) or (a.get("target") or {}).get("role") == "privacy"
    links0 = [{"href": l.get("href") or "", "text": (l.get("text") or l.get("img_alt") or l.get("aria_label") or l.get("title") or "")[:120]}
              for l in dom.get("links", []) if l.get("href")]
    controls0 = [t.get("name") or "" for t in dom.get("targets", []) if t.get("tag") != "a" and t.get("name")]
    pages = crawl["pages"]
    pages.append({"url": start, "final_url": start, "depth": 0, "parent": None, "via": None, "status": (a.get("navigation") or {}).get("status"),
                  "content_type": "text/html", "title": dom.get("title") or "",
                  "text": text0[:POLICY_TEXT_CHARS if policy0 else TEXT_CHARS],
                  "links": [l for l in links0 if same_site(l["href"], start)][:LINKS_PER_PAGE],
                  "controls": controls0[:LINKS_PER_PAGE], "error": None})
    seen = {_norm(start)}
    queue: list[tuple[str, int, int, str]] = []

    def enqueue(index: int) -> None:
        page = pages[index]
        if page["depth"] >= MAX_DEPTH:
            return
        for l in page["links"]:
            u = _norm(urljoin(page["final_url"], l["href"]))
            if u not in seen and same_site(u, start):
                seen.add(u)
                queue.append((u, page["depth"] + 1, index, l["text"]))

    def done() -> bool:
        policy = any(p["depth"] > 0 and p["status"] == 200 and (PRIVACY_HINT.search(p["via"] or "") or PRIVACY_HINT.search(p["title"] or ""))
                     for p in pages) or policy0
        complaint = any(COMPLAINT_HINT.search(l["text"] or "") for p in pages for l in p["links"]) or \
            any(COMPLAINT_HINT.search(c) for p in pages for c in p.get("controls", []))
        return policy and complaint

    enqueue(0)
    while queue and not done():
        if crawl["fetches"] >= MAX_FETCHES or (time.monotonic() - t0) * 1000 > CRAWL_BUDGET_MS:
            crawl["truncated"] = True
            break
        url, depth, parent, via = queue.pop(0)
        r = await fetch(run, url)
        crawl["fetches"] += 1
        ctype = r["headers"].get("content-type", "")
        page = {"url": url, "final_url": r["final_url"], "depth": depth, "parent": parent, "via": via, "status": r["status"],
                "content_type": ctype.split(";")[0] or None, "title": "", "text": "", "links": [], "controls": [], "error": r["error"]}
        if r["status"] and r["status"] < 400 and ("html" in ctype or not ctype) and r["body"]:
            parsed = parse_page(r["body"])
            looks_policy = bool(PRIVACY_HINT.search(via or "") or PRIVACY_HINT.search(parsed["title"]))
            page.update(title=parsed["title"], text=parsed["text"][:POLICY_TEXT_CHARS if looks_policy else TEXT_CHARS],
                        links=[{"href": urljoin(r["final_url"], l["href"]), "text": l["text"]} for l in parsed["links"]
                               if same_site(urljoin(r["final_url"], l["href"]), start)][:LINKS_PER_PAGE],
                        controls=parsed["controls"][:LINKS_PER_PAGE], times=parsed["times"][:TIMES_PER_PAGE])
        pages.append(page)
        enqueue(len(pages) - 1)
    crawl["elapsed_ms"] = int((time.monotonic() - t0) * 1000)


# ---------------------------------------------------------------- probes (exposed code, server details)

#: Secret patterns scanned in front-end code: kind -> regex (group 1, when present, is the secret itself).
SECRET_PATTERNS: dict[str, re.Pattern] = {
    "aliyun_access_key": re.compile(r"\b(LTAI[0-9A-Za-z]{12,20})\b"),
    "aws_access_key": re.compile(r"\b((?:AKIA|ASIA)[0-9A-Z]{16})\b"),
    "tencent_secret_id": re.compile(r"\b(AKID[0-9A-Za-z]{13,40})\b"),
    "private_key": re.compile(r"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)"),
    "secret_assignment": re.compile(
        r"""(?i)\b(?:secret[_-]?key|access[_-]?key[_-]?secret|accesskeysecret|secret[_-]?id|app[_-]?secret|client[_-]?secret|api[_-]?secret|sk)\b["']?\s*[:=]\s*["']([A-Za-z0-9/+_\-=]{12,})["']"""),
    "password_assignment": re.compile(
        r"""(?i)\b(?:password|passwd|pwd|db_?pass(?:word)?|admin_?pass(?:word)?)\b["']?\s*[:=]\s*["']([\x21-\x7e]{4,64})["']"""),
}
_NOT_A_PASSWORD = re.compile(r"(?i)^(password|passwd|pwd|\*+|text|string|required|undefined|null|true|false|none|[a-z]+\.[a-z.]+)$")


def mask_secret(s: str) -> str:
    """``s`` shortened for evidence: its first 4 characters, then the length (a report must not repeat a secret)."""
    return f"{s[:4]}…({len(s)} chars)" if len(s) > 6 else "*" * len(s)


def scan_secrets(text: str, url: str, limit: int = 20) -> list[dict[str, Any]]:
    """Find secrets in front-end code (see :data:`SECRET_PATTERNS`): [{"kind", "url", "line", "snippet" (masked)}]."""
    out: list[dict[str, Any]] = []
    for kind, rx in SECRET_PATTERNS.items():
        for m in rx.finditer(text):
            secret = m.group(1)
            if kind == "password_assignment" and (_NOT_A_PASSWORD.match(secret) or "{" in secret or "$" in secret):
                continue
            line = text.count("\n", 0, m.start()) + 1
            whole = m.group(0)
            out.append({"kind": kind, "url": url, "line": line,
                        "snippet": whole.replace(secret, mask_secret(secret))[:160]})
            if len(out) >= limit:
                return out
    return out


_SOURCEMAP_COMMENT = re.compile(r"[#@]\s*sourceMappingURL=([^\s'\"*]+)")


def _looks_like_source_map(body: str) -> bool:
    head = body[:2000]
    return head.lstrip().startswith("{") and '"mappings"' in body[:200000] and ('"sources"' in head or '"version"' in head)


def _looks_like_git(url: str, body: str) -> bool:
    b = body.lstrip()[:500]
    if url.endswith("HEAD"):
        return bool(re.match(r"ref:\s*refs/|[0-9a-f]{40}\s*$", b))
    return "[core]" in b


async def _probes(run: GatherRun) -> None:
    if run.options.variant:  # the server answers a variant load's probes the same way: probe once
        return
    a = run.artifacts
    t0 = time.monotonic()
    page_url = (a.get("navigation") or {}).get("final_url") or run.url
    parts = urlsplit(page_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    directory = parts.path.rsplit("/", 1)[0] + "/" if "/" in parts.path else "/"
    out: dict[str, Any] = {"git": [], "source_maps": [], "secrets": [], "scripts": [], "inline_scripts": 0, "not_found": None}
    a["probes"] = out

    def over_budget() -> bool:
        return (time.monotonic() - t0) * 1000 > PROBES_BUDGET_MS

    # /.git/ at the root and at the page's directory.
    bases = list(dict.fromkeys([origin + "/", origin + directory]))
    for base in bases:
        for name in (".git/HEAD", ".git/config"):
            r = await fetch(run, base + name, max_bytes=4000)
            out["git"].append({"url": base + name, "status": r["status"], "error": r["error"],
                               "exposed": r["status"] == 200 and _looks_like_git(name, r["body"]),
                               "snippet": r["body"][:80] if r["status"] == 200 else None})

    # An error page: a path that does not exist.
    missing = f"{origin}{directory}harness-probe-not-found.html"  # one name per directory, so the answer is shared
    r = await fetch(run, missing, max_bytes=20000)
    out["not_found"] = {"url": missing, "status": r["status"], "error": r["error"],
                        "headers": {k: v for k, v in r["headers"].items() if k in PROBE_HEADERS}, "body": r["body"][:3000]}

    # Inline scripts of the loaded page.
    try:
        inline = await run.evaluate("() => Array.from(document.scripts).filter(s => !s.src).map(s => s.text.slice(0, 500000))")
    except Exception:
        inline = []
    out["inline_scripts"] = len(inline)
    for text in inline:
        out["secrets"].extend(scan_secrets(text, page_url))
        m = None
        for m in _SOURCEMAP_COMMENT.finditer(text[-2000:]):
            pass
        if m and not m.group(1).startswith("data:"):
            out["source_maps"].append({"script": page_url + " (inline)", "url": urljoin(page_url, m.group(1)), "how": "comment"})

    # Same-site external scripts: secrets and source maps.
    dom = a.get("dom") or {}
    scripts = [r_["url"] for r_ in dom.get("resources", []) if r_.get("tag") == "script" and r_.get("url")]
    scripts = [u for u in dict.fromkeys(scripts) if same_site(u, page_url)][:MAX_SCRIPTS]
    for url in scripts:
        if over_budget():
            out["truncated"] = True
            break
        r = await fetch(run, url, max_bytes=MAX_SCRIPT_BYTES)
        out["scripts"].append({"url": url, "status": r["status"], "bytes": r["bytes"], "error": r["error"]})
        if r["status"] != 200:
            continue
        out["secrets"].extend(scan_secrets(r["body"], url))
        header = r["headers"].get("sourcemap") or r["headers"].get("x-sourcemap")
        comment = None
        for m in _SOURCEMAP_COMMENT.finditer(r["body"][-2000:]):
            comment = m.group(1)
        if header:
            out["source_maps"].append({"script": url, "url": urljoin(url, header), "how": "header"})
        elif comment and not comment.startswith("data:"):
            out["source_maps"].append({"script": url, "url": urljoin(url, comment), "how": "comment"})
        else:
            out["source_maps"].append({"script": url, "url": url.split("?")[0] + ".map", "how": "guess"})
    for sm in out["source_maps"]:
        if over_budget():
            out["truncated"] = True
            sm.update(status=None, exposed=None)
            continue
        r = await fetch(run, sm["url"], max_bytes=300000)
        sm.update(status=r["status"], exposed=r["status"] == 200 and _looks_like_source_map(r["body"]))
    out["secrets"] = out["secrets"][:50]
    out["elapsed_ms"] = int((time.monotonic() - t0) * 1000)


register_stage("crawl", _crawl)
register_stage("probes", _probes)
