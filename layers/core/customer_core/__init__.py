"""Shared core of the three create-customer APIs (Axim, xclade, COUNT).

Modules are imported one by one by the functions that need them, so nothing here is imported
eagerly: a function pays at cold start only for what it uses.
"""
