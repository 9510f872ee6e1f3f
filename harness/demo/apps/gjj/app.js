// 公积金查询 (demo, white screen): the app reads a config object the page never defines and throws
// before it renders anything, so the user sees a white screen.
(function () {
  var api = window.APP_CONFIG.apiBase;  // TypeError: Cannot read properties of undefined
  document.getElementById("app").innerHTML = "<h1>公积金查询</h1><p>接口：" + api + "</p>";
})();
