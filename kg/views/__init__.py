"""Stage 4, views: the store in, lineage out.

`lineage` reads which instruments supersede, amend, implement, cite or ratify which from SPARQL
into NetworkX (overview, ego network, supersession on a date, a pair's timeline); `formats`
writes them as node-link JSON, GraphML, GEXF or DOT; `draw` as SVG or PNG on a time axis.
"""
