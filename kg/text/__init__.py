"""Stage 1, text: a source file in, clean text out.

Takes the bytes of a file (database `.txt`, mirror `kaz.md`/`rus.md`, plain markdown) and gives a
`Source` (decoded, its format and language read from what it holds), a normalised `Text` with an
offset map back to the raw file, its `Layout` (approving act, title, preamble, articles, appended
parts), and the language machinery every extractor shares: dates, numbers, the gazetteer of
countries and cities, sentences and cue search, the tables of `kg/tables/`. Knows no record.
"""
