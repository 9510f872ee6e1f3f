"""SE-06 Regular security checks and risk assessments (定期开展安全检查与风险评估): see check.json beside this file."""
