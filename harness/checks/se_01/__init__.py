"""SE-01 Served over HTTPS with no mixed content and a certificate valid ≥ 30 days (使用 HTTPS、无混合内容、证书有效期不少于30天): see check.json beside this file."""
