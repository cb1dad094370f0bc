"""Building networks: files and tables in, a :class:`~linkages.MultilayerNetwork` out.

- :mod:`~linkages.build.files`: reading CSV, Excel and Parquet files (``read_table``), and
  ``as_table``, which takes a DataFrame or a path;
- :mod:`~linkages.build.tables`: ``from_tables``, organisations and relation tables to a
  network;
- :mod:`~linkages.build.two_mode`: two-mode data (organisation x project, patent, board):
  ``read_incidence`` reads a wide incidence table, ``project_two_mode`` makes ties;
- :mod:`~linkages.build.records`: ``aggregate_records``, raw transaction records to one
  weighted tie per pair, with the pandas, DuckDB and Spark engines.

Imports run one way: ``files`` first, then ``tables``, ``two_mode`` and ``records``.
"""
