"""kgraph benchmarks: ``python -m bench [--size smoke|standard|full] [--only NAME ...] [-o bench/RESULTS.md]``.

Every benchmark reports an absolute figure and a ratio against a baseline measured in the same run, so
results stay comparable across machines and under load. See ``bench/README.md``.
"""
