"""``python -m flyte_node_models``: the ``flyte-node-models`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
