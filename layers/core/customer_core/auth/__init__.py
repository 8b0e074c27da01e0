"""Credentials and signatures: token hashing, HS256 JWTs, HMAC request signing."""
