// 民政掌上办 × 青松办 (demo, fully integrated with the ASSUMED 青松办 SDK, see specs/platforms/qingsongban.json):
// waits for the bridge, sets the title, takes the user's identity from the single sign-on ticket, follows the
// host's elder mode (长辈版) and reports a page view with every required field as a string.
(function () {
  var me = document.currentScript;
  var page = { id: me.getAttribute("data-page-id"), name: me.getAttribute("data-page-name") };
  var seconds = function () { return String(Math.round(performance.now()) / 1000); };
  QSBridge.onReady(function () {
    QSBridge.setTitle({ title: "民政掌上办" });
    QSBridge.getUiStyle().then(function (r) {
      if (r && r.uiStyle === "elder") document.documentElement.classList.add("elder");
    });
    QSBridge.ssoTicket({}).then(function (r) {
      if (r && r.result && r.ticketId) window.QSB_TICKET = r.ticketId;  // exchanged by the app's server for the user
    });
    var log = new QSLog({ _user_id: "", _user_nick: "" });
    log.onReady(function () {
      log.sendPV({ miniAppId: "2001000009", miniAppName: "民政掌上办", pageId: page.id, pageName: page.name,
                   t0: seconds(), t2: seconds(), log_status: "02", Page_duration: "0" });
    });
  });
})();
