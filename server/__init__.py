"""Plenary's server: the Starlette application, persistence, the WebSocket sync and the CLI."""
