# Every target creates what it needs (virtual environment included) from a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STACK_NAME ?= customer-api

# sam validate/build need a region and credentials shape, never real ones.
SAM_ENV := SAM_CLI_TELEMETRY=0 AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} \
	AWS_ACCESS_KEY_ID=$${AWS_ACCESS_KEY_ID:-unused} AWS_SECRET_ACCESS_KEY=$${AWS_SECRET_ACCESS_KEY:-unused} \
	PATH=$(CURDIR)/$(BIN):$$PATH
# Whole folders: a new API's package is linted and type-checked without being listed here.
SRC := layers functions consumers ops tests bench

.PHONY: help venv lint validate workflows scan build test unit integration bench token deploy \
	clean lock local local-up local-down e2e openapi openapi-check docs docs-serve invoke watch fuzz load

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

# Hash-checked: every package (indirect ones too) at the version and sha256 of requirements/dev.txt
# (make lock), complete by construction (--no-deps; pip check proves it); then the project itself,
# editable, with no dependency and no build download.
$(STAMP): pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	$(BIN)/pip check
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP)  ## create .venv with the locked (hash-checked) runtime and development packages

lock: $(STAMP)  ## re-resolve requirements/*.txt and the layer's requirements.txt (hashes) on PyPI
	requirements/lock.sh

lint: $(STAMP)  ## ruff (lint + format check) and mypy
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)
	$(BIN)/mypy layers/core/customer_core functions consumers ops tests bench

validate: $(STAMP)  ## sam validate --lint (cfn-lint)
	$(SAM_ENV) $(BIN)/sam validate --lint

workflows: $(STAMP)  ## GitHub workflows and Dependabot: schema check and zizmor (offline); the pipeline role template
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml
	$(BIN)/zizmor --offline --no-progress .github/workflows
	$(BIN)/cfn-lint ops/pipeline-role.yaml

# checkov pins a boto3 and a pydantic that conflict with ours: it gets a virtual environment of
# its own, installed from its pinned requirements (reinstalled when they change).
CHECKOV_VENV := .local/checkov-venv
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

$(CHECKOV_STAMP): tools/checkov/requirements.txt
	$(PYTHON) -m venv --clear $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet --no-deps -r tools/checkov/requirements.txt
	@touch $@

scan: $(STAMP) $(CHECKOV_STAMP)  ## checkov on template.yaml (0 failed; skips in Metadata) and bandit
	$(CHECKOV_VENV)/bin/checkov --file template.yaml --framework cloudformation --skip-download \
		--compact --quiet
	$(BIN)/bandit --quiet --recursive --configfile pyproject.toml layers functions consumers ops

build: $(STAMP)  ## sam build (functions and the shared layer) into .aws-sam/build
	$(SAM_ENV) $(BIN)/sam build

unit: $(STAMP)  ## unit tests (moto)
	$(BIN)/python -m pytest tests/unit

integration: $(STAMP)  ## integration tier on DynamoDB Local (needs Java 17 and npm; installs the engine)
	$(BIN)/python -m pytest tests/integration

# The generated tests of tests/unit/test_generated_*.py, long: new random examples each run
# (FUZZ_EXAMPLES per API and test, 2,000 by default), then the per-API tally.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)  ## generated requests, >= 2,000 per API function and authorizer; prints the tally
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider \
		-q tests/unit/test_generated_handlers.py tests/unit/test_generated_authorizers.py \
		tests/unit/test_generated_mailbox.py

# The local stack with its usage-plan limits raised for the run (so the plan does not turn the
# load into 429s); starts and stops MiniStack unless one runs.
LOAD_REQUESTS ?= 2000
LOAD_CLIENTS ?= 20
load: $(STAMP)  ## bounded load on the local stack: >= 2,000 creates per API, 20 clients; tally
	LOCAL_RATE_LIMIT=100000 LOCAL_BURST_LIMIT=100000 $(BIN)/python -m tests.e2e.load \
		--requests $(LOAD_REQUESTS) --clients $(LOAD_CLIENTS)

test: lint validate workflows scan openapi-check build  ## the whole check: lint, types, template, scanners, build, every tier
	$(BIN)/python -m pytest tests

# Not part of `make test`: a few minutes of cold starts and warm requests on DynamoDB Local.
bench: build  ## cold/warm latency beside bare and peer baselines (bench/): .local/bench.{json,md,png}
	$(BIN)/python -m ops.bench

token: $(STAMP)  ## issue an Axim access token: make token NAME="Shop sync" [ENDPOINT=http://127.0.0.1:4566]
	$(BIN)/python -m ops --stack $(STACK_NAME) \
		$(if $(ENDPOINT),--endpoint-url $(ENDPOINT)) axim issue-token --name "$(NAME)"

deploy: build  ## deploy to AWS with your credentials, then redeploy stages (gateway responses)
	SAM_CLI_TELEMETRY=0 $(BIN)/sam deploy --stack-name $(STACK_NAME)
	$(BIN)/python -m ops --stack $(STACK_NAME) redeploy

# MiniStack on 127.0.0.1:4566 (own venv in .local/ministack-venv), template.yaml deployed to it.
LOCAL_OPS := $(BIN)/python -m ops --stack $(STACK_NAME)

local: $(STAMP)  ## run every API locally (MiniStack): prints endpoints and curl commands; Ctrl-C stops
	$(LOCAL_OPS) local

local-up: $(STAMP)  ## start the local stack (idempotent), return once it answers; writes .local/stack.json, env.json
	$(LOCAL_OPS) local-up

invoke: $(STAMP)  ## a deployed function on the local stack with a fixture: make invoke FUNCTION=AximCreateCustomerFunction EVENT=events/axim/create-customer-sample.json [FRESH=1]
	$(LOCAL_OPS) invoke $(FUNCTION) $(EVENT) $(if $(FRESH),--fresh-email)

watch: $(STAMP)  ## after local-up: changed function and layer code redeployed to the local stack as you save; Ctrl-C stops
	$(LOCAL_OPS) watch

local-down: $(STAMP)  ## stop the local stack that local-up started
	$(LOCAL_OPS) local-down

e2e: $(STAMP)  ## the end-to-end tier alone (starts and stops the local stack unless one runs)
	$(BIN)/python -m pytest tests/e2e

DOCS_PORT ?= 8765

openapi: $(STAMP)  ## regenerate openapi/<api>.json (OpenAPI 3.1) from the code; commit the result
	$(BIN)/python -m ops openapi

openapi-check: $(STAMP)  ## fail on a breaking change of openapi/<api>.json since its last released copy (api-smart-diff, pinned in tools/openapi-diff)
	$(BIN)/python -m ops openapi-check

docs: $(STAMP)  ## build the API reference site (Swagger UI, pinned in tools/docs) into .local/docs
	$(BIN)/python -m ops docs

docs-serve: $(STAMP)  ## build and serve the API reference on http://127.0.0.1:$(DOCS_PORT)/; Ctrl-C stops
	$(BIN)/python -m ops docs-serve --port $(DOCS_PORT)

clean:  ## remove build outputs and the virtual environment
	rm -rf .aws-sam .local $(VENV) .mypy_cache .ruff_cache .pytest_cache tools/dynamodb-local/node_modules \
		tools/docs/node_modules tools/openapi-diff/node_modules
