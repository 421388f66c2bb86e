"""Redis Streams: the update stream shared by a receiver and its workers."""
