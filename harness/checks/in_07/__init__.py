"""IN-07 A 好差评 evaluation entry offered after a service is done (事项办结后提供“好差评”评价入口): see check.json beside this file."""
