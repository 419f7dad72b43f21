"""Session documents: who may read what (:mod:`.access`), upload and versions (:mod:`.upload`), publishing
to the tablets (:mod:`.publishing`), the files as served — stamped copies of confidential documents, page
images (:mod:`.delivery`) —, the session pack (:mod:`.pack`), search inside a document (:mod:`.search`),
read receipts (:mod:`.receipts`) and private notes (:mod:`.notes`).

Each function works inside the caller's transaction and either completes or raises
:class:`~agenda.errors.DomainError`. PDF work itself is in :mod:`agenda.pdf`; file bytes go through
:mod:`agenda.filestore`.
"""
