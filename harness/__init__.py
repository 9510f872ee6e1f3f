"""Conformance test harness for government mobile service H5 apps.

The harness drives each registered H5 page in real Chromium under mobile emulation, gathers plain-data
artifacts once per device profile, evaluates a checklist of pure checks over them (the national mobile
requirements, 适老化, accessibility, personal information, security and 青松办 integration), scores the
results the way 国办秘函〔2019〕19号 scores government websites (扣分 and 单项否决), and writes results JSON
and HTML reports per department.

Data flow: ``specs`` → ``registry``/``checklist`` → ``gather`` → ``checks`` → ``scoring`` → ``results`` →
``report``.  See ``DESIGN.md`` in the shared folder and the README.
"""

__version__ = "0.1.0"
