// 青松办事 (demo SPA of 演示：省政务服务示范局): one shell, a hash router (#/home, #/items, #/mine, #/apply/1..3,
// #/result/ID, #/login) plus one history.pushState route (/banshi/news/<n>, answered by the same index page),
// each view rendered after its data arrives from the app's backend (/banshi/api/, harness/demo/banshi.py).
// The app's own login state is a cookie (bs_session, HttpOnly) its backend sets once it has the host's single
// sign-on ticket (QSBridge.ssoTicket, or ?ticket= after the SSO redirect); without it, the routes that need it
// send the user to #/login?from=… . Integrated with 青松办 (ASSUMED SDK, specs/platforms/qingsongban.json):
// waits for the bridge, sets the title, follows elder mode, one page view per route.
(function () {
  "use strict";
  var BASE = "/banshi/index.html";
  var ITEM_CODE = "11630000MB3456789W4000121001";
  var view = document.getElementById("view");
  var head = document.getElementById("title");
  var host = window.QSBridge || null;
  var ready = new Promise(function (resolve) { if (host) host.onReady(resolve); else resolve(); });
  var form = {};        // the application being filled in (kept across the three steps)
  var user = null;      // who is logged in (from /api/me), masked by the backend
  var rendered = null;  // the location last rendered: popstate and hashchange of one change render once
  var seq = 0;
  var log = null;

  // In 青松办 the app asks the host who the user is on every start (the single sign-on ticket) and sends the ticket
  // with /api/me: its backend checks the session still belongs to the host's user (it logs no one in by itself).
  var hostTicket = ready.then(function () {
    if (!host) return null;
    return host.ssoTicket({}).then(function (r) { return r && r.result && r.ticketId ? r.ticketId : null; }, function () { return null; });
  });
  function api(path, body) {
    if (path === "me") {
      return hostTicket.then(function (t) { return call(path, undefined, t ? { "X-QSB-Ticket": t } : {}); });
    }
    return call(path, body, {});
  }
  function call(path, body, headers) {
    var opts = { credentials: "same-origin", cache: "no-store", headers: headers };
    if (body !== undefined) {
      opts.method = "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch("/banshi/api/" + path, opts).then(function (r) {
      return r.json().then(function (d) { return { status: r.status, data: d }; });
    });
  }
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function mask(id) { return id ? id.slice(0, 1) + new Array(id.length - 1).join("*") + id.slice(-1) : ""; }
  function footer() {
    return '<footer class="foot"><p>服务提供单位：青海省政务服务示范局（演示）</p>' +
      '<p>服务热线：<a href="tel:0971-12366">0971-12366</a> · <a href="/common/privacy.html">隐私政策</a> · ' +
      '<a href="/common/feedback.html">投诉建议</a></p></footer>';
  }
  function setHead(text) { head.textContent = text; }
  function seconds() { return String(Math.round(performance.now()) / 1000); }
  function pageView(id, name) {
    ready.then(function () {
      if (!window.QSLog) return;
      if (!log) log = new QSLog({ _user_id: "", _user_nick: "" });
      log.onReady(function () {
        log.sendPV({ miniAppId: "2001000031", miniAppName: "青松办事", pageId: id, pageName: name,
                     t0: seconds(), t2: seconds(), log_status: "02", Page_duration: "0" });
      });
    });
  }
  // The routes that need the app's login state: without the cookie, go to the login notice (replacing the entry).
  function requireLogin() {
    return api("me").then(function (r) {
      if (r.status === 200) { user = r.data.user; return true; }
      user = null;
      location.replace("#/login?from=" + encodeURIComponent(location.hash || "#/home"));
      return false;
    });
  }
  function steps(n) {
    return '<ol class="steps">' + ["填写信息", "服务与材料", "确认提交"].map(function (s, i) {
      return '<li class="' + (i + 1 === n ? "on" : "") + '"' + (i + 1 === n ? ' aria-current="step"' : "") + ">" + (i + 1) + " " + s + "</li>";
    }).join("") + "</ol>";
  }
  function row(label, id, control) { return '<div class="row"><label for="' + id + '">' + label + "</label>" + control + "</div>"; }
  function on(id, fn) { document.getElementById(id).addEventListener("click", fn); }
  function fail(id, text) { var e = document.getElementById(id); e.textContent = text; e.hidden = false; }

  var routes = {
    "/home": function () {
      setHead("青松办事");
      return api("home").then(function (r) {
        var d = r.data;
        view.innerHTML =
          '<section class="card"><h2>服务公告</h2>' + d.notices.map(function (n) { return "<p>" + esc(n) + "</p>"; }).join("") + "</section>" +
          '<nav class="grid" aria-label="常用服务">' +
          '<button class="tile" type="button" id="go-apply" data-go="#/apply/1">' + esc(d.item.name) + "</button>" +
          '<button class="tile" type="button" data-go="#/items">我的办件</button>' +
          '<a class="tile" href="/common/privacy.html">隐私政策</a>' +
          '<a class="tile" href="/common/feedback.html">投诉建议</a></nav>' +
          '<section class="card"><h2>政务动态</h2><ul class="news">' + d.news.map(function (n) {
            return '<li><a href="/banshi/news/' + esc(n.id) + '" data-news="' + esc(n.id) + '">' + esc(n.title) +
              '<time datetime="' + esc(n.date) + '">' + esc(n.date) + "</time></a></li>";
          }).join("") + "</ul></section>" + footer();
        return ["home", "首页"];
      });
    },
    "news": function (r) {
      setHead("政务动态");
      return api("news/" + r.arg).then(function (res) {
        if (res.status !== 200) {
          view.innerHTML = '<section class="card"><h2>没有找到这条动态</h2><p>它可能已经下线。</p></section>' + footer();
          return ["news", "政务动态"];
        }
        var n = res.data;
        view.innerHTML = '<article class="card"><h2>' + esc(n.title) + '</h2><p><time datetime="' + esc(n.date) + '">' +
          esc(n.date) + "</time></p><p>" + esc(n.body) + "</p></article>" + footer();
        return ["news-" + n.id, n.title];
      });
    },
    "/login": function (r) {
      setHead("登录");
      var from = new URLSearchParams(r.query).get("from") || "#/mine";
      view.innerHTML = '<section class="card notice"><h2>请先登录</h2>' +
        "<p>查看我的办件、办理事项需要先登录。登录后将自动带出您的身份信息，无需再次填写。</p>" +
        '<button class="btn" type="button" id="login">青松办账号登录</button>' +
        '<p class="err" id="login-err" role="alert" hidden></p></section>' + footer();
      on("login", function () {
        ticket().then(function (body) { return api("login", body); }).then(function (res) {
          if (res.status !== 200) { fail("login-err", res.data.error || "登录失败，请稍后再试"); return; }
          user = res.data.user;
          location.replace(from.charAt(0) === "#" ? from : "#/mine");
        }, function () { fail("login-err", "登录失败，请检查网络后再试"); });
      });
      return Promise.resolve(["login", "登录"]);
    },
    "/items": function () {
      return requireLogin().then(function (ok) {
        if (!ok) return null;
        setHead("我的办件");
        return api("applications").then(function (r) {
          view.innerHTML = '<div class="app-list">' + r.data.applications.map(function (a) {
            var done = a.status === "已办结";
            return '<section class="card app-row"><h3>' + esc(a.item) + "</h3><p>受理编号：" + esc(a.no) + "</p>" +
              "<p>申请人：" + esc(a.applicant) + "</p>" +
              (a["for"] ? "<p>代办对象：" + esc(a["for"].name) + "（" + esc(a["for"].relation) + "） 身份证号：" + esc(mask(a["for"].idno)) + "</p>" : "") +
              "<p>状态：" + esc(a.status) + "</p>" +
              (done ? '<button class="btn plain" type="button" data-evaluate="' + esc(a.id) + '">好差评评价</button>' : "") + "</section>";
          }).join("") + "</div>" + footer();
          return ["items", "我的办件"];
        });
      });
    },
    "/mine": function () {
      return requireLogin().then(function (ok) {
        if (!ok) return null;
        setHead("我的");
        return api("applications").then(function (r) {
          var proxies = r.data.applications.filter(function (a) { return a["for"]; });
          view.innerHTML = '<section class="card profile"><h2 class="profile-name">' + esc(user.name) + "</h2>" +
            "<p>证件号码：" + esc(user.idno) + "</p><p>手机号：" + esc(user.phone) + "</p></section>" +
            '<section class="card"><h2>代办记录</h2>' + proxies.map(function (a) {
              // The demo's defect, on purpose: the backend's unmasked number is shown as it comes (PI-06).
              return '<p class="kv">为' + esc(a["for"].relation) + " " + esc(a["for"].name) + " 办理" + esc(a.item) +
                "，身份证号：" + esc(a["for"].idno) + "</p>";
            }).join("") + "</section>" +
            '<section class="card"><h2>账户与隐私</h2>' +
            '<p><a class="link" href="/common/privacy.html">隐私政策</a> · <a class="link" href="/common/feedback.html">投诉建议</a></p>' +
            '<button class="btn plain" type="button" id="logout">退出登录</button>' +
            '<button class="btn warn" type="button" id="close-account">注销账户</button></section>' + footer();
          on("logout", function () {
            api("logout", {}).then(function () { user = null; location.replace("#/home"); });
          });
          on("close-account", function () {
            if (!window.confirm("注销后您的账户和办件记录将被删除，确定注销吗？")) return;
            api("delete", {}).then(function () { user = null; location.replace("#/home"); });
          });
          return ["mine", "我的"];
        });
      });
    },
    "/apply/1": function () {
      return requireLogin().then(function (ok) {
        if (!ok) return null;
        setHead("老年人助餐服务申请");
        view.innerHTML = steps(1) +
          '<section class="card"><p>事项名称：老年人助餐服务申请</p><p>事项类型：公共服务</p><p class="kv">事项编码：' + ITEM_CODE + "</p></section>" +
          '<form class="card" id="f1" novalidate onsubmit="return false">' +
          "<p>申请人身份信息由青松办统一身份认证带出。</p>" +
          row("申请人姓名", "name", '<input id="name" name="name" value="' + esc(user.name) + '" readonly>') +
          row("证件号码", "idno", '<input id="idno" name="idno" value="' + esc(user.idno) + '" readonly>') +
          row("联系电话", "phone", '<input id="phone" name="phone" type="tel" value="' + esc(user.phone) + '" readonly>') +
          row("紧急联系人", "contact", '<input id="contact" name="contact" autocomplete="off" value="' + esc(form.contact || "") + '">') +
          row("居住地址", "addr", '<input id="addr" name="addr" autocomplete="street-address" value="' + esc(form.addr || "") + '">') +
          '<p class="err" id="e1" role="alert" hidden></p>' +
          '<button class="btn" type="button" id="next1">下一步</button></form>' + footer();
        on("next1", function () {
          form.contact = document.getElementById("contact").value.trim();
          form.addr = document.getElementById("addr").value.trim();
          if (!form.contact || !form.addr) { fail("e1", "请填写紧急联系人和居住地址"); return; }
          location.hash = "#/apply/2";
        });
        return ["apply-1", "申请·填写信息"];
      });
    },
    "/apply/2": function () {
      return requireLogin().then(function (ok) {
        if (!ok) return null;
        if (!form.addr) { location.replace("#/apply/1"); return null; }
        setHead("老年人助餐服务申请");
        view.innerHTML = steps(2) + '<form class="card" id="f2" novalidate onsubmit="return false">' +
          row("助餐服务点", "site", '<select id="site" name="site"><option value="">请选择</option>' +
              ["城中区南大街社区助餐点", "城东区八一路社区助餐点", "城西区胜利路社区助餐点"].map(function (s) {
                return "<option" + (form.site === s ? " selected" : "") + ">" + s + "</option>";
              }).join("") + "</select>") +
          '<fieldset><legend>用餐时段</legend>' +
          '<label class="choice"><input type="radio" name="meal" id="meal-lunch" value="午餐"> 午餐</label>' +
          '<label class="choice"><input type="radio" name="meal" id="meal-both" value="午餐和晚餐"> 午餐和晚餐</label></fieldset>' +
          row("户口簿照片（本人页）", "hukou", '<input id="hukou" name="hukou" type="file" accept="image/*">') +
          row("特殊饮食需求", "diet", '<textarea id="diet" name="diet" placeholder="如低盐、低糖、软食，可不填">' + esc(form.diet || "") + "</textarea>") +
          '<p class="err" id="e2" role="alert" hidden></p>' +
          '<button class="btn" type="button" id="next2">下一步</button></form>' + footer();
        on("next2", function () {
          var meal = document.querySelector("input[name=meal]:checked");
          form.site = document.getElementById("site").value;
          form.meal = meal ? meal.value : "";
          form.diet = document.getElementById("diet").value.trim();
          if (!form.site || !form.meal) { fail("e2", "请选择助餐服务点和用餐时段"); return; }
          location.hash = "#/apply/3";
        });
        return ["apply-2", "申请·服务与材料"];
      });
    },
    "/apply/3": function () {
      return requireLogin().then(function (ok) {
        if (!ok) return null;
        if (!form.site) { location.replace("#/apply/1"); return null; }
        setHead("老年人助餐服务申请");
        var sum = [["申请事项", "老年人助餐服务申请"], ["申请人", user.name], ["紧急联系人", form.contact], ["居住地址", form.addr],
                   ["助餐服务点", form.site], ["用餐时段", form.meal], ["特殊饮食需求", form.diet || "无"]];
        view.innerHTML = steps(3) + '<section class="card"><h2>请核对申请信息</h2><dl class="sum">' + sum.map(function (kv) {
          return "<dt>" + kv[0] + "</dt><dd>" + esc(kv[1]) + "</dd>";
        }).join("") + "</dl></section>" +
          '<form class="card" id="f3" novalidate onsubmit="return false">' +
          '<div class="row"><label class="choice" for="agree"><input type="checkbox" id="agree" name="agree"> 我已阅读并同意隐私政策</label>' +
          '<p><a class="link block" href="/common/privacy.html">查看隐私政策</a></p></div>' +
          '<p class="err" id="e3" role="alert" hidden></p>' +
          '<button class="btn" type="button" id="submit">提交申请</button></form>' + footer();
        on("submit", function () {
          if (!document.getElementById("agree").checked) { fail("e3", "请先阅读并同意隐私政策"); return; }
          api("apply", { item: "老年人助餐服务申请", fields: { contact: form.contact, addr: form.addr, site: form.site,
                                                     meal: form.meal, diet: form.diet, agree: true } }).then(function (r) {
            if (r.status !== 200) { fail("e3", r.data.error || "提交失败，请稍后再试"); return; }
            form = {};
            location.hash = "#/result/" + r.data.id;
          });
        });
        return ["apply-3", "申请·确认提交"];
      });
    },
    "/result": function (r) {
      return requireLogin().then(function (ok) {
        if (!ok) return null;
        setHead("办理结果");
        return api("result/" + r.arg).then(function (res) {
          if (res.status !== 200) {
            view.innerHTML = '<section class="card"><h2>没有找到这件办件</h2></section>' + footer();
            return ["result", "办理结果"];
          }
          var a = res.data.application;
          view.innerHTML = '<section class="card result"><h2>提交成功</h2><p>受理编号：' + esc(a.no) + "</p><p>办理事项：" + esc(a.item) +
            "</p><p>提交日期：" + esc(a.date) + "</p><p>审核结果将通过青松办消息通知您，可在“我的办件”中查看进度。</p>" +
            '<button class="btn plain" type="button" data-go="#/items">查看我的办件</button>' +
            '<button class="btn plain" type="button" data-evaluate="' + esc(a.id) + '">好差评评价</button></section>' + footer();
          return ["result", "办理结果"];
        });
      });
    }
  };

  function where() {
    var m = location.pathname.match(/^\/banshi\/news\/(\d+)\/?$/);
    if (m) return { name: "news", arg: m[1], query: "" };
    var h = location.hash.replace(/^#/, "");
    var path = h.split("?")[0] || "/home", query = h.split("?")[1] || "";
    var res = path.match(/^\/result\/(\w+)$/);
    if (res) return { name: "/result", arg: res[1], query: query };
    return { name: routes[path] ? path : "/home", query: query };
  }
  function render() {
    var here = location.pathname + location.search + location.hash;
    if (here === rendered) return;
    rendered = here;
    var r = where(), mine = ++seq;
    var tab = { "/home": "home", "/items": "items", "/mine": "mine" }[r.name];
    document.querySelectorAll(".tab").forEach(function (t) { t.classList.toggle("on", t.getAttribute("data-tab") === tab); });
    view.scrollTop = 0;
    routes[r.name](r).then(function (pv) { if (pv && mine === seq) pageView(pv[0], pv[1]); });
  }
  // Go to a route of the index page from anywhere (a pushState route included): no reload.
  function go(hash) {
    if (location.pathname !== BASE) { history.pushState(null, "", BASE + hash); render(); }
    else location.hash = hash;
  }

  document.querySelectorAll(".tab").forEach(function (t) {
    t.addEventListener("click", function () { go("#/" + t.getAttribute("data-tab")); });
  });
  view.addEventListener("click", function (e) {
    var el = e.target.closest("[data-go],[data-news],[data-evaluate]");
    if (!el) return;
    if (el.hasAttribute("data-news")) {
      e.preventDefault();
      history.pushState({ news: el.getAttribute("data-news") }, "", "/banshi/news/" + el.getAttribute("data-news"));
      render();
    } else if (el.hasAttribute("data-go")) {
      go(el.getAttribute("data-go"));
    } else {
      el.textContent = "感谢您的评价";
      el.disabled = true;
    }
  });
  window.addEventListener("hashchange", render);
  window.addEventListener("popstate", render);

  ready.then(function () {
    if (!host) return;
    host.setTitle({ title: "青松办事" });
    host.getUiStyle().then(function (r) { if (r && r.uiStyle === "elder") document.documentElement.classList.add("elder"); });
  });
  // Back from the SSO redirect with ?ticket=: exchange it for the app's session, then drop it from the address.
  function ticket() {
    var t = new URLSearchParams(location.search).get("ticket");
    if (t) return Promise.resolve({ ticket: t });
    if (!host) return Promise.resolve({ account: "demo" });  // outside 青松办: the demo account
    return ready.then(function () { return host.ssoTicket({}); }).then(function (r) {
      if (!r || !r.result || !r.ticketId) throw new Error("no ticket");
      return { ticket: r.ticketId };
    });
  }
  var back = new URLSearchParams(location.search).get("ticket");
  if (back) {
    api("login", { ticket: back }).then(function () {
      history.replaceState(null, "", location.pathname + location.hash);
      render();
    });
  } else {
    render();
  }
})();
