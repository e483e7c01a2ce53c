"""What each command does, below the command line: the session around a walk (signals, drafts, saving), new-visit,
after-visit, about, the outputs (print, export, journal) and forget."""
