"""Drawing a network: the interactive HTML map, static figures and the one-page report.

``style`` holds what every drawing shares (palettes, node sizes, line widths, the seeded
layout); ``map`` writes the map, built by ``map_pages`` and ``map_template``; ``figures``
draws matplotlib figures; ``report`` writes the report page.
"""
