"""The private build: a built site made into ciphertext, and the guest runtime that opens it."""
