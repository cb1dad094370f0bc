"""Files for other tools: each format's writer and reader side by side, one module each.

``gexf``, ``graphml``, ``node_link`` (JSON), ``pajek`` and ``tables`` (CSV and Excel);
``multigraph`` is the networkx multigraph the first three go through and ``shared`` the
organisation table and path checks every format uses.
"""
