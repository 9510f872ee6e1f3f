"""CT-03 on websites of our own in real Chromium: sites whose lists carry dates relative to today (fresh, stale,
one with an app's news list), served by a small local server that writes each page when asked, so that the
dates stay relative to the day the test runs. The undated and the empty-columns sites are static fixtures of
the check (``harness/checks/ct_03/fixtures``)."""

from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

CST = dt.timezone(dt.timedelta(hours=8))


def _ago(days: int, fmt: str = "%Y-%m-%d") -> str:
    return (dt.datetime.now(CST).date() - dt.timedelta(days=days)).strftime(fmt)


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=zh-CN><head><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            f"<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>")


def _list(entries) -> str:
    return "<ul>" + "".join(f"<li><a href='/a/{i}.html'>{t}</a> {d}</li>" for i, (t, d) in enumerate(entries)) + "</ul>"


NAV = ("<nav><a href='{p}/news.html'>工作动态</a> <a href='{p}/notices.html'>通知公告</a> <a href='{p}/policy.html'>政策文件</a>"
       " <a href='{p}/about.html'>机构概况</a></nav>")


def site_pages() -> dict[str, str]:
    """Two websites and an app list page, dated from today: /fresh/ (home 2 days, news 5 days, notices 60 days, policies
    100 days as a <time> element, a static 机构概况 page), /stale/ (home 20 days, news 3 days, notices 200 days) and
    /app/list.html (an app's 政务动态 list, newest 30 days)."""
    out = {}
    for p, home, news, notices, policy in [("/fresh", 2, 5, 60, 100), ("/stale", 20, 3, 200, 10)]:
        nav = NAV.format(p=p)
        out[f"{p}/"] = _page("演示局门户网站", nav + _list([("全省政务服务工作会议召开", _ago(home)), ("便民服务活动", _ago(home + 3))]))
        out[f"{p}/news.html"] = _page("工作动态", nav + _list([("我局召开党组会议", f"[{_ago(news, '%m-%d')}]"), ("调研", _ago(news + 9))]))
        out[f"{p}/notices.html"] = _page("通知公告", nav + _list([("关于值班安排的通知", "发布时间：" + _ago(notices, "%Y年%m月%d日"))]))
        out[f"{p}/policy.html"] = _page("政策文件", nav + f"<ul><li><a href='/a/p.html'>关于印发实施办法的通知</a> <time datetime='{_ago(policy)}'>近期</time></li></ul>")
        out[f"{p}/about.html"] = _page("机构概况", nav + "<p>本局是省政府组成部门，负责全省相关政务服务工作的统筹协调、指导监督和政策制定。</p>")
    out["/app/list.html"] = _page("政务动态", "<p>今天是" + _ago(0, "%Y年%m月%d日") + "</p>" + _list([("新版上线", _ago(30)), ("功能优化", _ago(40))]))
    return out


@pytest.fixture(scope="module")
def dated_site():
    pages = site_pages()

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            body = pages.get(self.path.split("?")[0])
            self.send_response(200 if body else 404)
            data = (body or "not found").encode("utf-8")
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _ct03(audit, url, **info):
    a = audit(url, needs={"crawl"}, **info)
    return next(c for c in a.checks if c["id"] == "CT-03")


@pytest.mark.browser
def test_fresh_website_passes(audit, dated_site):
    out = _ct03(audit, f"{dated_site}/fresh/", system_kind="website")
    assert out["outcome"] == "passed", out["message"]
    got = {r["label"]: (r["kind"], r["age_days"]) for r in out["value"]["lists"]}
    # 工作动态 from [MM-DD] (the year inferred), 通知公告 from 发布时间 in 年月日, 政策文件 from its <time datetime>
    assert got == {"演示局门户网站": ("home", 2), "工作动态": ("news", 5), "通知公告": ("notice", 60), "政策文件": ("notice", 100),
                   "机构概况": ("column", None)}, got
    assert out["value"]["empty_columns"] == 0 and out["value"]["undated"] == 0  # 机构概况 has text of its own


@pytest.mark.browser
def test_stale_website_fails_with_the_column_and_its_date(audit, dated_site):
    out = _ct03(audit, f"{dated_site}/stale/", system_kind="website")
    assert out["outcome"] == "failed", out["message"]
    stale = {r["kind"]: (r["newest"], r["age_days"], r["url"].rsplit("/", 1)[-1]) for r in out["value"]["lists"] if r["stale"]}
    assert stale == {"home": (_ago(20), 20, ""), "notice": (_ago(200), 200, "notices.html")}
    assert any("notices.html" in e["url"] and _ago(200) in e["text"] for e in out["evidence"])


@pytest.mark.browser
def test_app_news_list_two_weeks(audit, dated_site):
    """An app's 政务动态 list (role list) counted as 政务新媒体: 2 weeks; its 今天是… widget is no entry."""
    out = _ct03(audit, f"{dated_site}/app/list.html", system_kind="h5", role="list", page="政务动态")
    assert out["outcome"] == "failed", out["message"]
    assert out["value"]["lists"][0]["newest"] == _ago(30) and out["value"]["lists"][0]["limit_days"] == 14
    other = _ct03(audit, f"{dated_site}/app/list.html", system_kind="h5", role="other")
    assert other["outcome"] == "inapplicable"
