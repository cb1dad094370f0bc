"""Run one benchmark step in a fresh Python process, so its peak memory is its own."""

from __future__ import annotations

import json
import subprocess
import sys


def in_fresh_process(script: str, *args: object) -> dict:
    """Run ``python script --worker *args``; its last line of output is a JSON object."""
    out = subprocess.run([sys.executable, script, "--worker", *map(str, args)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])
