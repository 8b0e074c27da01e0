"""Events the stack announces on its EventBridge bus (docs/events.md)."""
