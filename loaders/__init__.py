"""Documents → plan model: text, DOCX and PDF readers, table and row recognition,
partner-name resolution, timescale parsing and needs proposal.

The entry point is :func:`cjgraph.loaders.extract.extract_plan`.

A newcomer's guide
==================

The pipeline
------------
:func:`~cjgraph.loaders.extract.extract_plan` (``extract.py``, the pipeline) runs five steps,
each in a module of its own (``read.py``, ``records.py``, ``outcomes.py``, ``parse.py``,
``build.py``; the plan's id, partnership and period come from ``planinfo.py``); each step
hands the next one thing::

    document ──read──▶ blocks ──passes──▶ blocks ──walk──▶ RawPlan ──build──▶ Plan
                                                   ▲
                                     framework (detected from the headings)

1. **Read** (``read.read_document``): every format becomes one stream of
   :class:`~cjgraph.loaders.blocks.Block` — paragraphs (with a heading level and a bullet
   depth), table rows (a tuple of cell texts) and blanks, each with its place in the document.
   ``blocks.text_blocks`` reads text and markdown, ``docx.py`` Word (merged cells, automatic
   numbering, outline levels), ``pdf.py`` PDFs (ruled and unruled tables, page furniture).
   Nothing after this step knows the format.
2. **Passes** (``extract.BLOCK_PASSES``): functions ``list[Block] → list[Block]`` that rewrite
   a layout the walk does not know into one it does. ``records.records_to_rows`` turns actions
   printed as labelled records ("Timescale: …", "Lead partner: …") into table rows, and
   ``flattened.flattened_to_rows`` tables copied from a web page as " / " lines or one cell per
   line.
3. **Framework** (``outcomes.detect_framework``): the national framework whose outcome titles
   the headings name; ``outcomes.OutcomeMatcher`` then maps any heading to an outcome key by
   its words, never its number.
4. **Walk** (``parse.parse_blocks``): each block is offered to the readers of
   ``parse.BLOCK_READERS`` in order, and the first that takes it moves the walk on: blanks,
   action tables (``tables.read_action_table``: column roles by their header words,
   ``cjgraph/data/table_columns.toml``, or by what the cells hold), summary indicator tables,
   labelled outcome headings, the statement under an outcome label, strategy aims, and any
   other heading or indicator section. The walk keeps the outcome in force; the result is a
   :class:`~cjgraph.loaders.parse.RawPlan`, still as printed.
5. **Build** (``build.PlanBuilder``): names resolved (``partners.NameResolver`` and the registry
   of Scottish bodies), timescales read (``timescales.parse_timescale``), needs proposed
   (``needs.propose_needs``), indicators and links matched (``indicators.py``), and every
   doubt recorded as an issue with the action's confidence and the reason to review it.

Alongside the walk, ``account.py`` counts the text of every action table: each cell is read
into an action, a header, a page's running line, or reported (``unread-text``, the action
beside it flagged); ``extract`` prints the share read.

Where a new layout goes
-----------------------
- **A new file format**: a reader that yields blocks, called from ``read.read_document``.
  Everything after step 1 then works unchanged.
- **Actions printed another way** (cards, records, a delimiter of their own): a pass that
  rewrites them as table rows (a header row, then one row per action), appended to
  ``extract.BLOCK_PASSES``. This is the usual case; ``tests/test_variants.py`` shows it end
  to end (``test_a_new_layout_goes_in_as_a_pass``: actions printed as cards).
- **A new table shape** (columns under other names): the header words in
  ``cjgraph/data/table_columns.toml``; cells the roles cannot tell apart go in
  ``tables._roles``' finders.
- **A new kind of heading or section** (a new way of naming outcomes): a block reader placed in
  ``parse.BLOCK_READERS`` before the first reader that would take that block; words that label
  outcome headings go in ``cjgraph/data/headings.toml`` or the framework's ``label_words``.

Which tests to add to
---------------------
- a small document of the layout in ``tests/fixtures/layouts/`` and a test reading it from the
  command line (``tests/test_records.py`` is one), checking refs, outcomes, leads and dates;
- a Word or PDF variant: a layout in ``tests/corpus.py`` (the seeds printed as councils publish
  them; each document is scored against the answer keys in ``tests/fixtures/gold``);
- a broken or hostile variant: ``tests/hostile.py``, which every command is run on.
The seeds must still score 1.000 (``tests/test_extract_seeds.py``).
"""
