"""Data access: the only code that calls AWS. Each module is one kind of item or secret."""
