"""xclade (Medusa v2 Admin API) `POST /admin/customers` on the shared core."""

API = "xclade"
# Medusa keeps emails unique per `has_account` value; every customer created here is a guest
# (has_account false), so the guests of the store are the uniqueness scope.
SCOPE = "guest"
