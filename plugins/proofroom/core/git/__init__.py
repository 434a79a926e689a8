"""Reading git: the one-pass history, LFS pointers, what a change touches, landing times."""
