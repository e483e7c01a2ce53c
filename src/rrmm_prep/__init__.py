"""rrmm-prep: get ready for a myeloma appointment, keep what was said, and share it."""

__version__ = "0.1.0"
