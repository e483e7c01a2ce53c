"""The questionnaires, defined once (fields.py, of the kinds in kinds.py) and driven three ways: the interactive
walk (walk.py), answers files (answers_file.py, with their template in template.py), and ``--no-input`` (the
answers-file driver with nothing given). Where a default comes from is in defaults.py."""
