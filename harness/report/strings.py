"""UI strings of the department report, the index, 附件2 and the diff, one catalogue per language:
``locales/zh-CN.json`` (the default) and ``locales/en.json`` (``--lang en``), each {key: text or {key: text}}.

:data:`STRINGS` maps the report languages (``zh``, ``en``) to their catalogues. A key missing from one catalogue is
a defect a test catches (both catalogues have the same keys)."""

from __future__ import annotations

import json
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
#: report language -> locale file stem
LANGUAGES = {"zh": "zh-CN", "en": "en"}


def _load(stem: str) -> dict:
    return json.loads((LOCALES_DIR / f"{stem}.json").read_text(encoding="utf-8"))


#: {"zh" | "en": {key: str | {key: str}}}
STRINGS = {lang: _load(stem) for lang, stem in LANGUAGES.items()}
