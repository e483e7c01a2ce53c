"""The visit record: dataclasses, their migrations, the one serialiser, and merging two after-visits. No I/O."""
