"""Proofroom: review of marketing creative work, kept in a git repository."""

__version__ = "0.1.0"
