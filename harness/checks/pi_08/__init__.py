"""PI-08 Privacy policy covers purposes, means, scope, sharing, storage, rights and contact (隐私政策逐一说明收集使用的目的、方式、范围等内容): see check.json beside this file."""
