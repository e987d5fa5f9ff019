"""The build: the stages run over a corpus, and the result published.

Takes source paths (or a catalog) and a data dir, and gives a validated store published
atomically in `DATA/current`. Rooms: `catalog` (the inputs and the names sources keep), `caches`
(file hashes by stat, records by content hash), `records` (the extraction stage over every
input), `build` (extract → resolve → one graph per source → validate → load), `publish` (the
store, manifest and report written and swapped in), `child` (a stage in a forked process).
"""
