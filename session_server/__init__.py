"""The Starlette application of Kỳ họp số: the HTTP API, the live session, the pages, the ``kyhop`` command."""
