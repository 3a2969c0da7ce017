"""What differs between the protobuf releases that ``setup.cfg`` allows (5.26 on), found out once at import.

Everything version-dependent is decided here, by what the installed protobuf does rather than by its
version number, so that the rest of the library behaves the same on all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf import struct_pb2
from google.protobuf.descriptor import FieldDescriptor


def _takes(make: Callable[[], Any]) -> bool:
    try:
        make()
    except (TypeError, ValueError):
        return False
    return True


if hasattr(FieldDescriptor, "is_repeated"):  # 6.31 on; 7 has no ``label``

    def is_repeated(fd: FieldDescriptor) -> bool:
        """Whether field ``fd`` holds a sequence (a repeated field or a map)."""
        return bool(fd.is_repeated)

else:

    def is_repeated(fd: FieldDescriptor) -> bool:
        """Whether field ``fd`` holds a sequence (a repeated field or a map)."""
        return bool(fd.label == FieldDescriptor.LABEL_REPEATED)


#: Whether a message constructor takes a dict of keyword arguments for a message that is a map's value
#: (6.30 on); before, each value must be a message.
MAP_VALUE_DICTS = _takes(lambda: struct_pb2.Struct(fields={"k": {"null_value": 0}}))
#: Whether a message constructor reads a dict given for a ``Struct`` field as the JSON object it holds
#: (5.28 on); before, it reads it as the keyword arguments of ``Struct`` itself.
STRUCT_DICTS = _takes(lambda: struct_pb2.Value(struct_value={"k": None}))
