"""The customer table's stream consumer: `customer.created` on the stack's bus (docs/events.md).

Product-neutral: the stored envelope says which API created the customer; the logic is the
core's (customer_core.events), this package is only the function's entry point.
"""
