"""The converter registry: one cattrs ``Converter`` per format, hooks derived from the declarations.

``proto`` reads and writes flyteidl's protobuf messages (and wire bytes), ``dict`` the proto3 JSON
mapping, ``text`` protobuf text format; ``view`` renders records for people. The fourth format,
``flyte_node_models.converters.arrow`` (Arrow tables and Parquet), needs pyarrow and is imported by
name, so that importing the package never needs it.
"""

from .. import _model
from . import dict as _dict
from . import proto as _proto
from . import text as _text
from . import view as _view

proto = _proto.converter
dict = _dict.converter  # noqa: A001 - the format's name
text = _text.converter
view = _view.converter

_model.FORMATS.proto = proto
_model.FORMATS.dict = dict
_model.FORMATS.text = text
_model.FORMATS.view = view

__all__ = ["dict", "proto", "text", "view"]
