"""The command line the corpus benches share: a FILE (a default from ../shared) and --runs.

``corpus_arguments`` parses them and says when the file is missing (``None``: the caller
exits with 2), so each bench only times its own work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def corpus_arguments(name: str, description: str, default: Path) -> argparse.Namespace | None:
    """``file`` and ``runs`` from the command line; None (and a message on stderr naming the
    bench and the file) when the file does not exist."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("file", nargs="?", type=Path, default=default)
    parser.add_argument("--runs", type=int, default=15, help="timed runs (default 15)")
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"{name}: {args.file}: no such file", file=sys.stderr)
        return None
    return args
