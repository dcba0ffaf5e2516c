"""Synthesis: a parsed HamNoSys sign -> a motion clip on the avatar's skeleton."""
