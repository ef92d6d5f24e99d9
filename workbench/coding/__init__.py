"""A coder's work on a project: coding actions with undo, progress per transcript."""
