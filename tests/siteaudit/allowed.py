"""Checker messages the site leaves alone, each with a reason and an upstream reference.

The audit (tests/siteaudit/) and the tests (tests/test_markup.py, tests/test_accessibility.py)
read these lists; nothing else is filtered. None is needed now: fix the markup instead (the
theme overrides, site.css or scripts/markup.py), and add an entry here only for what the site
cannot reasonably change, as {message or (rule, selector): "reason; upstream issue URL"}.
"""

from __future__ import annotations

# Nu HTML Checker messages, by their exact text.
NU: dict[str, str] = {}

# axe-core violations, by (rule id, the element's selector): never a whole rule.
AXE: dict[tuple[str, str], str] = {}
