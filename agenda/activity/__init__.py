"""Activities between sessions (hoạt động giữa hai kỳ họp): supervisions, surveys, voter contacts, citizen
receptions and hearings with their participants and attachments (:mod:`.activities`, :mod:`.attachments`);
the recommendations they raise followed through their chain (:mod:`.recommendations`, :mod:`.chain`); the
petitions received and their time limits (:mod:`.petitions`, :mod:`.limits`); import from CSV and XLSX
(:mod:`.importer`). The typed inputs are in :mod:`.values`; the models in :mod:`agenda.models.activity`."""
