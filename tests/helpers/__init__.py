"""Helpers shared by the test modules: git repositories, workspaces, builds, parsed HTML,
hand-made model objects. Test modules import from here, never from one another."""
