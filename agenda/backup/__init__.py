"""Back up and restore: one archive file holding a consistent snapshot of the database — the stored files
included, they live in it (``agenda.filestore``) — and never the secret-ballot keys (``docs/operations.md``).
"""

from agenda.backup.restore import RestoreReport, restore
from agenda.backup.snapshot import BackupReport, backup

__all__ = ["BackupReport", "RestoreReport", "backup", "restore"]
