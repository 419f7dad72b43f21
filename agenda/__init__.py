"""Kỳ họp số — the council's domain and its storage. Knows nothing of HTTP or websockets."""
