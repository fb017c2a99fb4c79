"""Analyses over the graph: the statement table, the commitment ledger and actor networks.

Each is a plain function of a store (or of the table built from it), in the networkx style: no
hidden state, same answers from the CLI and the Python API.
"""
