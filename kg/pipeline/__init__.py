"""The build: the stages run over a corpus, and the result published.

Takes files and folders (or a catalog) and a data dir, and gives a validated store published
atomically in `DATA/current`. Rooms: `inputs` (folders walked into sources), `catalog` (the
optional catalog and the names sources keep), `held` (the sources held back and why), `mirror`
(the two texts of a mirror folder as one instrument), `caches`
(file hashes by stat, records by content hash), `records` (the extraction stage over every
input), `build` (extract → resolve → one graph per source → validate → load), `publish` (the
store, manifest and report written and swapped in), `child` (a stage in a forked process).
"""
