"""Words the person reads that more than one place says: how to name this program in a message (so every
"run ..." is a command that runs), and the sentences shared by several pages."""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import sys


@functools.cache
def name() -> str:
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "rrmm-prep"
    base = os.path.basename(argv0)
    if base == "__main__.py" and os.path.basename(os.path.dirname(argv0)) == "rrmm_prep":
        return f"{shlex.quote(sys.executable)} -m rrmm_prep"
    if not base.startswith("rrmm-prep"):
        return "rrmm-prep"  # run from another program (a test): the usual name
    on_path = shutil.which("rrmm-prep")
    try:
        if on_path and os.path.realpath(on_path) == os.path.realpath(argv0):
            return "rrmm-prep"
    except OSError:
        pass
    return shlex.quote(argv0)


def command(*words: str) -> str:
    """ "rrmm-prep new-visit" (or ".venv/bin/rrmm-prep new-visit"), for a message."""
    return " ".join([name(), *words]).strip()


NEWER = "made by a newer rrmm-prep"
