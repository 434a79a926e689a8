"""The review model and everything that reads it from disk and git; no MkDocs here."""
