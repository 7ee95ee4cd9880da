"""`negotiation serve`: run the Plenary web server (uvicorn) on one host and port.

    negotiation serve [--host 127.0.0.1] [--port 8000] [--db URL] [--demo]

Options override the environment (see server/settings.py); with none, the embedded SQLite file
data/plenary.sqlite3 is used. The port is 1–65535 (``server.settings.PORTS``), as for
PLENARY_PORT; 0 ("any free port") is refused, since the start-up line must name the port.
"""

from __future__ import annotations

import argparse

from server.commands import CommandError
from server.commands.database import add_database_argument, open_engine


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the web server (editor, pages, live editing)",
        description="Run the Plenary web server. Without --db, uses DATABASE_URL or the "
                    "embedded SQLite file data/plenary.sqlite3.")
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="TCP port, 1–65535 (default 8000)")
    add_database_argument(parser)
    parser.add_argument("--demo", action="store_true", default=None,
                        help="load the five OAS seed drafts if they are not there yet")
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app
    from server.direct_frames import FramedProtocol
    from server.settings import PORTS, PORTS_TEXT, Settings, SettingsError

    try:
        settings = Settings.from_environment().with_overrides(
            host=args.host, port=args.port, database_url=args.db, demo=args.demo)
    except SettingsError as error:
        raise CommandError(str(error)) from error
    if settings.port not in PORTS:
        raise CommandError(f"--port must be a port number {PORTS_TEXT}, not {settings.port}")
    open_engine(settings.resolved_database_url()).dispose()  # a bad URL: one line, no server
    if settings.demo:
        from server.demo import seed_files

        try:
            seed_files(settings.seeds_dir)
        except FileNotFoundError as error:
            raise CommandError(f"--demo: {error}") from None
    print(f"Plenary on http://{settings.host}:{settings.port}/ "
          f"(database: {_shown(settings.resolved_database_url())})", flush=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level="warning", ws=FramedProtocol)
    return 0


def _shown(url: str) -> str:
    """The database URL without its password, for the start-up line."""
    scheme, _, rest = url.partition("://")
    credentials, at, location = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    return f"{scheme}://{credentials}{at}{location}"
