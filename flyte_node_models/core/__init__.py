"""Records of flyteidl.core messages, by proto file."""
