"""The only code that writes the person's files: atomic private writes and locks, visit records, drafts, about me,
exports and printed pages, forgetting; and visits found by id or date."""
