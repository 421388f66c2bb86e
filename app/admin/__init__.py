"""The owner's commands: access, cache, operations; and the access gate every update passes."""
