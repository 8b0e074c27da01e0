"""Domain values and errors: what a customer, a principal and an outcome are, whatever the API."""
