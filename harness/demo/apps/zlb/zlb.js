// 浙里办参照应用 (demo, fully integrated with the published 浙里办 interface, see specs/platforms/zheliban.json):
// every ZWJSBridge call inside onReady; title; ticket from ZWJSBridge.ssoTicket; elder mode from getUiStyle;
// zwlog page view with string values; payment, download, external link and phone through the host.
(function () {
  var me = document.currentScript;
  var page = { id: me.getAttribute("data-page-id"), name: me.getAttribute("data-page-name") };
  var seconds = function () { return String(Math.round(performance.now()) / 1000); };
  window.zlb = {
    open: function (url) { ZWJSBridge.onReady(function () { ZWJSBridge.openLink({ url: url }); }); return false; },
    pay: function () { ZWJSBridge.onReady(function () { ZWJSBridge.pay({ platform: 1, credential: "demo-order-2027001" }); }); },
    download: function (url) { ZWJSBridge.onReady(function () { ZWJSBridge.downloadFile({ url: url }); }); },
    call: function (n) { ZWJSBridge.onReady(function () { ZWJSBridge.phoneCall({ corpId: n }); }); },
  };
  ZWJSBridge.onReady(function () {
    ZWJSBridge.setTitle({ title: "浙里办参照应用" });
    ZWJSBridge.getUiStyle().then(function (r) { if (r.uiStyle === "elder") document.documentElement.classList.add("elder"); });
    ZWJSBridge.ssoTicket({}).then(function (r) { if (r.result && r.ticketId) window.ZLB_TICKET = r.ticketId; });
    var zwlog = new ZwLog({ _user_id: "", _user_nick: "" });
    zwlog.onReady(function () {
      zwlog.sendPV({ miniAppId: "2002000001", miniAppName: "浙里办参照应用", pageId: page.id, pageName: page.name,
                     t0: seconds(), t2: seconds(), log_status: "02", Page_duration: "0" });
    });
  });
})();
