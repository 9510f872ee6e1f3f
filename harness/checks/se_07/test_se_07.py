"""SE-07 on hand-made artifacts, its version ranges, and the script URLs the libraries stage reads (the fixture
pages in fixtures/ run in real Chromium in tests/test_check_fixtures.py)."""

from harness.checks.se_07.check import _entries, advisories, version
from harness.gather.libraries import from_url
from tests.checkrun import run


def _art(libs, jsonp=()):
    return {"target": {"system_kind": "h5"}, "libraries": libs,
            "exposure": {"responses": [{"url": u, "type": "script", "status": 200, "bytes": 30, "jsonp": "cb"} for u in jsonp]}}


def _lib(name, v, how="global", url=None):
    return {"name": name, "version": v, "how": how, "url": url}


def test_versions_and_ranges():
    assert version("3.4.1") == (3, 4, 1, 0) and version("1.12") == (1, 12, 0, 0)
    assert version("3.5.0-rc1") < version("3.5.0") < version("3.5.1")
    e = _entries("vulnerable.json")
    assert [x["advisory"] for x in advisories("jquery", "3.4.1", e)] == ["CVE-2020-11022"]
    assert advisories("jquery", "3.5.0", e) == [] and advisories("lodash", "4.17.21", e) == []
    assert {x["advisory"] for x in advisories("bootstrap", "4.1.3", e)} == {"CVE-2019-8331"}
    assert advisories("bootstrap", "4.3.1", e) == [] and advisories("moment", "2.17.1", e) == []


def test_a_vulnerable_version_fails_once_however_it_was_found():
    o = run("SE-07", _art([_lib("jquery", "1.12.4"), _lib("jquery", "1.12.4", "url", "https://a.example/js/jquery-1.12.4.min.js")]))
    assert o.outcome == "failed" and o.value == {"libraries": 1, "vulnerable": 1, "jsonp": 0}
    assert o.evidence[0]["url"].endswith("jquery-1.12.4.min.js") and "global and url" in o.evidence[0]["note"]
    assert "CVE-2015-9251" in o.evidence[0]["note"]


def test_jsonp_fails_unless_turned_off_and_clean_versions_pass():
    assert run("SE-07", _art([], jsonp=["https://a.example/api/x?callback=cb"])).value["jsonp"] == 1
    assert run("SE-07", _art([_lib("vue", "2.7.16")], jsonp=["https://a.example/x?cb=cb"]), jsonp=False).outcome == "passed"
    assert run("SE-07", _art([_lib("jquery", "3.7.1"), _lib("lodash", "4.17.21")])).outcome == "passed"


def test_nothing_identified_is_not_a_pass():
    assert run("SE-07", _art([])).outcome == "inapplicable"


def test_script_urls_name_their_library_and_version():
    assert from_url("https://a.example/static/js/jquery-1.8.3.min.js") == ("jquery", "1.8.3")
    assert from_url("https://cdn.example/npm/lodash@4.17.4/lodash.min.js") == ("lodash", "4.17.4")
    assert from_url("https://cdn.example/ajax/libs/moment.js/2.29.1/moment.min.js") == ("moment", "2.29.1")
    assert from_url("https://a.example/js/jquery.min.js?v=1.8.3") is None and from_url("https://a.example/app.4f3e.js") is None
