"""The whole application on this machine, deployed from the real template.yaml.

MiniStack (a local AWS, PyPI `ministack`) runs on 127.0.0.1:4566 (LOCAL_STACK_PORT) from its own
virtual environment (.local/ministack-venv: it pins a botocore older than ours). `sam build` and
`sam deploy` put template.yaml on it, a post-deploy step fills in what MiniStack leaves out,
each API gets demo credentials, and .local/stack.json tells clients (and tests/e2e) where each
API is and which headers to send.

- `process`: MiniStack's venv, start, stop and health;
- `deploy`: sam build/deploy with the local parameters, and MiniStack's gaps filled in;
- `provision`: demo credentials per API (one provisioner per API in ops.apis) and stack.json;
- `commands`: local-up, local-down, local, and the printed curl commands.
"""
