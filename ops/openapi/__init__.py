"""Each API's contract as an OpenAPI 3.1 document, generated from the code: `python -m ops openapi`.

The request and response schemas are the pydantic models the handlers validate and answer with;
the examples are the code's own answers to the fixtures in events/ and API Gateway's answers as
template.yaml defines them. Nothing in openapi/*.json is written by hand: tests/unit/
test_openapi_documents.py regenerates the documents and fails on any difference.

Each API's description is `describe()` in ops/<api>/openapi.py, imported only when a document is
generated (it imports the API's package, which the other operator commands do not need).
"""
