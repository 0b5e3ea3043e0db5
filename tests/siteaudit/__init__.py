"""The site audit (`make audit`): the built site as readers and strict checkers meet it (issue #15).

    python -m tests.siteaudit [--site site] [--out tests/output/audit] [--summary FILE] [--pages N]

It reads a built site and changes nothing, so it stands outside the build's straight line
(scripts/ builds the site; scripts/audit.py is the build's own check of what it writes, for
disclosure leaks). It lives with the tests, like the benchmark (tests/bench.py), because it is a
checker: the tests run the same checks on a sample of pages (tests/test_accessibility.py,
tests/test_markup.py), the audit on every page, and Lighthouse on the four kinds of page.

Each module measures one thing and returns rows of the issue's goal table (report.Row):

- crawl.py: every page in Chromium, light, dark and JavaScript off: axe-core (WCAG 2.2 AA), console
  errors, uncaught exceptions, CSP violations, requests to other hosts, the first view's weight,
  the Khmer font on English pages, the colour scheme and sideways scroll with JavaScript off;
- phone.py: every page at 360 px: charts that fit with the latest period and readable text,
  tables, the province map; Khmer link underlines;
- interact.py: search typed key by key and pasted, keyboard walks at 360 and 1280 px, the tooltip;
- nu.py (the Nu HTML Checker), links.py (lychee, offline), static.py (the 404 page, "។" that could
  start a line), lighthouse.py (Lighthouse 12.2.3, mobile; its scores are reported, never a gate).

Messages left out on purpose are listed in allowed.py, each with a reason and an upstream reference.
"""
