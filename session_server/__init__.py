"""Kỳ họp số server: the Starlette application, its HTTP API, authentication and the ``kyhop`` CLI."""
