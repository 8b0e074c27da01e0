"""COUNT Partner API `POST /` (alias `POST /partners/customers`) on the shared core."""

API = "count"
