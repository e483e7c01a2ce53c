"""Readers: typed text -> values, the same way for the walk and answers files. Pure: they never print or prompt."""
