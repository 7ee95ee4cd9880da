"""Who is asking, and may they: passwords (argon2), login sessions, one-time invitations, the
login rate limit, CSRF tokens, security headers, and the guards that apply
negotiation.permissions to every HTTP route and every WebSocket message."""
