"""Plenary's negotiation core: the domain of draft resolutions, pure Python.

It imports only the standard library and small pure dependencies (diff-match-patch); never a
web framework, a database or anything from ``server``. tests/test_architecture.py holds this.
"""
