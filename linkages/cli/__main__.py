"""``python -m linkages.cli``: the ``linkages`` command."""

import sys

from linkages.cli.main import main

sys.exit(main())
