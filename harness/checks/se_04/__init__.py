"""SE-04 The government app is registered (备案) and passed the technical test (政务应用程序已备案并通过技术检测): see check.json beside this file."""
