"""Raw-record aggregation: transaction records -> one weighted tie per pair (and layer).

Three engines produce the same tie table and apply the same checks, behind one function,
:func:`~linkages.build.records.aggregate.aggregate_records`:

- ``pandas`` (:mod:`~linkages.build.records.pandas_engine`): in memory, for small inputs;
- ``duckdb`` (:mod:`~linkages.build.records.duckdb_engine`): embedded DuckDB, out of core;
  its options (memory limit, spill directory) live on its ``DuckDB`` object;
- ``spark`` (:mod:`~linkages.build.records.spark_engine`): PySpark, for inputs past one
  machine.

What they share (the spec of one call, the problem checks, the tie table's dtypes) is in
:mod:`~linkages.build.records.common`. Imports run one way: ``common``, then the engines,
then ``aggregate``.
"""
