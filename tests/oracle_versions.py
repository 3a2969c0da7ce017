"""Where protobuf's own ``json_format`` and ``text_format``, the tests' oracles, read input differently across
the releases that ``setup.cfg`` allows.

The library reads it the same way on every release, as the newest do. A test comparing it with an oracle on
such an input compares with the record the newest oracles give where an older one differs.
"""

from __future__ import annotations

from google.protobuf import __version__

RELEASE = tuple(int(part) for part in __version__.split(".")[:2])

#: ``ParseDict(..., ignore_unknown_fields=True)`` drops an enum name it does not know (5.27 on); before, it
#: refuses it.
PARSE_DICT_DROPS_UNKNOWN_ENUM_NAMES = RELEASE >= (5, 27)
#: ``ParseDict`` reads an integer written with a fraction or an exponent ("1e3"), and a tuple as a JSON array
#: (6.30 on); before, it refuses both.
PARSE_DICT_READS_INTEGERS_AS_NUMBERS = RELEASE >= (6, 30)
#: ``text_format`` refuses a number with a leading zero ("01.5") (6.30 on); before, it reads it.
TEXT_FORMAT_REFUSES_LEADING_ZEROS = RELEASE >= (6, 30)
