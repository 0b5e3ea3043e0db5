"""The build: data/ in, site/ out, in one straight line that `python -m scripts.build` runs.

    data/ -> load -> validate -> compute -> charts -> pages (+ downloads) -> write -> finish -> site/

What each stage hands to the next:

- load (load.py) reads every file under data/, the update log included, once, into RawData:
  YAML and CSV documents that remember the line and column of every value. It refuses what
  no later stage should see (wrong encoding, invisible characters, files too large).
- validate (validate.py) runs the checks (checks/, one subject per module; schema.py for the
  JSON Schemas in schemas/; disclosure.py, exposure.py, bounds.py and cells.py for disclosure
  control; vintages.py holds the figures as they stood before each revision to it too) and,
  when nothing is wrong, builds the typed records (records.py -> model.py's Dataset; a figure
  carries its earlier values from revisions/<id>.csv, checked by checks/revisions.py). Problems name file, line, field and what would be right; their words live beside
  their codes in codes.yml (problems.py). updatelog.py turns the log into Dataset.updates.
- compute (compute.py) derives what readers are told: latest value, change, a summary sentence
  in every language (Facts by indicator).
- charts (charts.py) draws each indicator with the builder its `chart` key names
  (chartdraw.py with Altair, chartkinds.py, from pieces in chartparts.py), as static SVG for
  every language, rendered by vl-convert on every core. Whatever has not changed since the last
  build (charts, SVG and PNG, fonts, the Vega bundle, compiled templates, finished pages, Khmer
  word breaks, the schema checks and disclosure control's solved tables, the output audit's
  findings per file) comes from the content-addressed cache (cache.py, .cache/build/), so a warm
  build imports neither Altair nor the font subsetter, SciPy nor jsonschema. A live preview
  (serve.py) also keeps what its builds used in memory, the parsed data files too, so that its
  rebuild after an edit redoes only what the edit changed. The Vega bundle and the font subsets,
  which depend on no data, are made in a process of their own (apart.py), whose memory goes
  back when it ends: started as soon as the build can (the bundle before validation, the fonts
  after it), at a lower priority, and awaited only after MkDocs, which never reads them. vl-convert
  renders one chart at a time per process, so when the cache lacks many charts, a process apart
  draws some of them meanwhile (unless the build already holds much data: memory counts too); the PNGs are rasterised while the pages render
  (by a process apart when there are many: the rasteriser holds Python's lock).
- pages (pages.py) renders every page of the registry (registry.py) from its Jinja2 template
  (templates/) in every language; tables.py gives the rows the tables show. downloads.py,
  opendata.py and tabular.py write the open-data files (the big ones as a tabular.Stream, made
  only as write.py writes it); feed.py the Atom feed.
- write (write.py) is the only stage that touches disk: it stages docs/, runs MkDocs, adds
  the files MkDocs never reads (the Vega bundle, the fonts) and swaps the finished site in atomically. finish.py is the one pass over the built HTML: each
  page is parsed once (htmlpage.py), fixed (markup.py), linked to its other languages, given
  its Content-Security-Policy (csp.py) and handed to the output audit (audit.py, wording.py).
  Nothing half-built is ever published.

Languages: i18n.py is the language layer. Every language's interface strings are in
locale/<lang>.yml (keys starting with "_" are settings: its script, digits, chart text size);
numbers, dates, month names and lists follow CLDR through Babel unless the file overrides them
(km.yml does, to keep the Cambodian site's numbers as published). No other module names a
language. A data text (model.Text) knows its default version and its translations; each site's
texts are checked against its own languages (schema.text_schema). fonts.py ships and names a
script's web font (Khmer) only for a site one of whose languages is written in it.

Where to add things:

- a chart kind: the kind and the units it can draw in model.CHART_UNITS, its builder in
  chartkinds.KINDS and its name in the `chart` enum of schemas/indicator.schema.json (a test
  checks the three agree); validation then refuses the kind for a unit it cannot draw.
- a page: an entry in registry.PAGES with its context, a template in templates/, its strings in
  locale/en.yml (other languages show a missing string in English, marked, until translated).
- a language: locale/<lang>.yml (copy en.yml; set its "_" settings, leave out what CLDR gives:
  fr.yml is an example) and its BCP 47 code in site.yml's languages; any code is accepted, and a
  listed language without its locale file is a located error. A region-tagged code (fr-CA) needs
  no file of its own: it takes its base language's (fr.yml), and the theme's words for it too.
  What its editors are told: locale/codes/<lang>.yml (problem messages and hints, shaped like
  codes.yml) and locale/schemas/<lang>.yml (the guide's tables and, under _examples, its
  examples, each entry beside the English it translates); whatever these lack is told in English.
  A script beyond Latin also needs its face in fonts.FACES and its typesetting in
  templates/script-<script>.css.
- a unit: its name in model.UNITS and in the `unit` enum of schemas/indicator.schema.json, the
  chart kinds that draw it in model.CHART_UNITS, how its values are written in
  compute.format_amount (money: i18n.Locale.money, CLDR through Babel).
- a check: a function that yields Problems in the checks/ module of its subject, called from
  validate.py; its code, meaning and words in codes.yml (the guide's page of problems, /guide/problems/,
  lists them), raised with problems.problem("code/variant", place, ...) and said in each language
  of locale/codes/; parts it puts together from what it found are problems.Phrase (codes.yml's _phrases).
- a kind of subdivision (the type column of provinces.csv): its id in model.SUBDIVISION_TYPES and
  its words in each locale (subdivision_type.<id>, subdivision_types.<id>). Pages take the site's
  own words for its subdivisions from geography.py; groups of them (geography/groups.yml) are
  places too, at /provinces/<id>/, and disclosure control adds their members up (cells.py).
"""
