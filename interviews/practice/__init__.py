"""Peer practice: joining a session by link, swapping roles, feedback both ways."""
