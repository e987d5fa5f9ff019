"""Stage 2, extract: clean text in, an extraction record out (the JSON of spec/extraction-record.md).

`record.extract_file` reads one source through `kg.text` and gives its record: document fields
(`treaty`), references with their relations (`references`), what each article obliges
(`obligations`), or a research article's authors and citations (`research`); every fact with its
evidence span in the raw file. `score` measures records against gold records. Knows no RDF.
"""
