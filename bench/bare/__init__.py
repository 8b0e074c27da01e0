"""The bare baselines: boto3 and the standard library only."""
