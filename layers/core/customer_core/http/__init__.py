"""HTTP framing: API Gateway events in, responses out, and the checks between them."""
