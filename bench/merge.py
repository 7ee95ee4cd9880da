"""Time the server's merge of one edit made on a revision that others have moved past.

    .venv/bin/python bench/merge.py [--lags 1,5,20,50,100] [--edits N] [--runs R]

A paragraph of about 1,300 characters (the bench draft's clause, repeated) takes ``lag``
one-letter insertions by other clients at random places; then ``--edits`` edits, each made on
the revision ``lag`` entries back, are merged (``ParagraphStream.receive``: the edit is
transformed through every entry since, and the reply composed). Prints, per lag, the median
over ``--runs`` of the CPU time per merged edit (process time, so a busy machine does not
count). Under load a server's clients lag further behind, so this is the cost that grows when
it falls behind (issue 8: the merge must not feed on its own lag).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from negotiation.sync.stream import ParagraphStream

TEXT = "To request the Permanent Council to convene a special meeting " * 20


def one_letter(length: int, at: int, letter: str) -> str:
    """The delta that inserts ``letter`` at ``at`` in a text of ``length`` (ASCII)."""
    parts = ([f"={at}"] if at else []) + [f"+{letter}"] + (
        [f"={length - at}"] if length - at else [])
    return "\t".join(parts)


def run(lag: int, edits: int, seed: int) -> float:
    """CPU seconds per merged edit at ``lag``."""
    rng = random.Random(seed)
    stream = ParagraphStream(TEXT)
    for number in range(lag):
        length = len(stream.text)
        stream.receive(f"other-{number}", 0, [one_letter(length, rng.randint(0, length), "x")],
                       None, m=stream.revision)
    started = time.process_time()
    for number in range(edits):
        m = stream.revision - lag
        length = len(stream.text_at(m))
        stream.receive(f"client-{number}", 0,
                       [one_letter(length, rng.randint(0, length), "y")], None, m=m)
    return (time.process_time() - started) / edits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lags", default="1,5,20,50,100")
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for lag in (int(value) for value in args.lags.split(",")):
        times = [run(lag, args.edits, seed) for seed in range(args.runs)]
        print(f"lag {lag:4d}: {statistics.median(times) * 1e6:8.0f} us CPU per merged edit "
              f"(median of {args.runs} runs of {args.edits} edits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
