"""Shared core of the create-customer APIs.

Sub-packages by concern; imports point only down the list:

- `http`: API Gateway events and responses, request checks, contract validation, the handler frame
- `auth`: credentials and signatures (token hashing, HS256 JWTs, HMAC-signed requests)
- `store`: the only code that touches AWS (DynamoDB items, Secrets Manager)
- `domain`: values and errors every layer shares (no imports from the others)

`settings` and `observability` serve every function. Nothing here is imported eagerly: a function
pays at cold start only for the modules it uses.
"""
