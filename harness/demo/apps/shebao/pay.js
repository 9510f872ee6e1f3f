// 社保缴费 (demo, defective on purpose): reads the location as soon as the page loads, reports the user's ID
// number and mobile in a request URL, ships an object-storage key pair in front-end code and its source map.
var ossConfig = { region: "oss-cn-qinghai", accessKeyId: "LTAI5tDemoOnlyNotAKey00", accessKeySecret: "DemoOnlySecretNotReal0000000000" };
var user = { name: "李建国", idcard: "630102198807151232", mobile: "13897001234" };
if (navigator.geolocation) {
  navigator.geolocation.getCurrentPosition(function () {}, function () {});
}
fetch("api/track.json?idcard=" + user.idcard + "&mobile=" + user.mobile + "&page=pay").catch(function () {});
//# sourceMappingURL=pay.js.map
