"""Records of flyteidl.admin messages shared by several services."""
