"""The naive-peer baselines: Powertools event handler, Pydantic models, boto3 resource."""
