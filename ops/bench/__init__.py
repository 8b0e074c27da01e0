"""`make bench` (see __main__.py); probe.py is what runs inside each measured interpreter."""
