"""Stage 3, graph: records in, validated RDF out.

Resolves instruments across documents (`resolve`: one node per treaty however many texts name it,
readable IRIs from `ids`), writes one named graph per source with its evidence (`rdf`, built and
checked one source at a time by `units`), checks the graphs against the SHACL shapes (`shacl`, the
compiled checker; `validate`, the checks and their readable report), and keeps them in an Oxigraph
store or a remote SPARQL server (`store`), serialised byte-stably by `export`.
"""
