"""Baselines that `make bench` (ops/bench) measures beside the project's functions.

- `bare`: what a careful hand-written Lambda does: a boto3 client made at init, hand-written
  checks, one conditional PutItem (create) or one GetItem (authorizer). The floor.
- `peer`: the usual Powertools + Pydantic way: APIGatewayRestResolver with validation, Pydantic
  models, Logger, Tracer and Metrics, a boto3 resource. What a team gets without thinking about
  cold starts.

Both serve Axim's shapes (its sample create request, its access token) and read and write the
same tables as the functions. They are never deployed.
"""

# The API whose sample requests and credentials the baselines serve.
API = "axim"
