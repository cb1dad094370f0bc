"""The ``linkages`` command for non-programmers.

- :mod:`~linkages.cli.inputs`: reading the user's files and options, every problem named
  with its file, column and row;
- :mod:`~linkages.cli.job`: the whole job on a built network (:func:`run_job`);
- :mod:`~linkages.cli.main`: the command line (``linkages example | analyze | info``).
"""
