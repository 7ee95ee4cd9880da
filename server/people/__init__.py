"""People and where they sit: accounts, login sessions, invitations (``accounts.py``),
negotiations with their documents and members (``negotiations.py``), in SQL (``tables.py``,
migration 0004). Unlike the document log (server/store), these rows are state, updated in
place: a password changes, a session ends, a member leaves."""
