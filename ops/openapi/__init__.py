"""Each API's contract as an OpenAPI 3.1 document, generated from the code: `python -m ops openapi`.

The request and response schemas are the pydantic models the handlers validate and answer with;
the examples are the code's own answers to the fixtures in events/ and API Gateway's answers as
template.yaml defines them. Nothing in openapi/*.json is written by hand: tests/unit/
test_openapi_documents.py regenerates the documents and fails on any difference.

The product packages are imported only by the generator's per-API descriptions (ops/openapi/
<api>.py), loaded when the command runs, so `python -m ops` needs them only for this command.
"""
