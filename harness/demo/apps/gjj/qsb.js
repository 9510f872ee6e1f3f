// 公积金查询 × 青松办 (demo): the integration works (bridge ready, title, single sign-on, page view); the app's
// own script (app.js) then throws before it renders anything, so the user still sees a white screen.
(function () {
  QSBridge.onReady(function () {
    QSBridge.setTitle({ title: "公积金查询" });
    QSBridge.getUiStyle();
    QSBridge.ssoTicket({});
    var log = new QSLog({});
    log.onReady(function () {
      log.sendPV({ miniAppId: "2001000003", miniAppName: "公积金查询", pageId: "home", pageName: "首页",
                   t0: "0", t2: "0", log_status: "02" });
    });
  });
})();
