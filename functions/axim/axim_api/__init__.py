"""Axim Commerce `POST /customers` on the shared core."""

API = "axim"
# Axim has one customer base per deployment: the whole store is the uniqueness scope.
SCOPE = "store"
