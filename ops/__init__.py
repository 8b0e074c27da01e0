"""Operator and local-stack commands (`python -m ops --help`). Never shipped in a function."""
