"""Implementation tracking (theo dõi thực hiện nghị quyết): the tasks a resolution gives the agencies, with
their deadlines, progress, milestones and dated reports.

- :mod:`agenda.archive.tracking.rollup` — the pure rules: a parent's progress from its children, a task's status
- :mod:`agenda.archive.tracking.tasks` — tasks, milestones and reports in the database, the tree, the overdue list
- :mod:`agenda.archive.tracking.closing` — a resolution no longer in force closes its open tasks
- :mod:`agenda.archive.tracking.csvfile` — the CSV file: its columns, the export, reading the rows
- :mod:`agenda.archive.tracking.csvimport` — the import: all rows or none, a per-row error report
"""
