"""IN-06 The same content under the host's, WeChat's and Alipay's user agents (在宿主、微信和支付宝环境中显示相同内容): see check.json beside this file."""
