"""kgraph: a policy-timeline knowledge graph built from news reports.

Data flows one way through the package:
document (:mod:`kgraph.document`) → language pack (:mod:`kgraph.lang`) → recognisers
(:mod:`kgraph.recognise`) → statements (:mod:`kgraph.model`) → RDF (:mod:`kgraph.rdf`) →
store (:mod:`kgraph.store`) → queries, analysis, views and exports.
"""

__version__ = "0.1.0"

#: Version of the extraction rules and lexicons. It is written into every graph so a
#: statement can be traced to the rules that produced it; bump it when rules or data change.
EXTRACTOR_VERSION = f"kgraph-{__version__}"
