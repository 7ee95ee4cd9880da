import sys

from server.cli import main

if __name__ == "__main__":  # never on import (the store writer's spawned workers import mains)
    sys.exit(main())
