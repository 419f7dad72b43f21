"""``python -m session_server.cli`` — the same as the ``kyhop`` command."""

import sys

from session_server.cli import main

sys.exit(main())
