"""PI-04 No geolocation, camera or form data collected before consent (用户同意前不申请定位、相机等权限，不发送表单数据): see check.json beside this file."""
