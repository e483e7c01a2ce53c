"""The questionnaires, defined once (fields.py) and driven three ways: the interactive walk (walk.py), answers
files and their templates (answers_file.py), and ``--no-input`` (the answers-file driver with nothing given).
Where a default comes from is in defaults.py."""
