"""Per-class code generation shared by the formats.

A format describes, for one entity class, the source of a function; :class:`Hooks` compiles it once,
into a namespace it shares with the functions of every other class of the same format and direction,
so that a function calls its children's functions by name (recursive types included) with no
dispatch, no descriptor walking and no ``getattr`` by string on the hot path.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable
from typing import Any

import attrs

from .._errors import ConversionError
from .._model import Entity

_counter = itertools.count()

#: Exceptions that mean "this input value is bad" wherever a converter meets them.
BAD_VALUE = (TypeError, ValueError, OverflowError, KeyError, AttributeError, UnicodeError)


class Hooks:
    """The generated functions of one format and direction, one per entity class, made on demand."""

    def __init__(self, label: str, generate: Callable[[type[Entity], Hooks], str], **globals_: Any) -> None:
        self.label = label
        self._generate = generate
        self._names: dict[type, str] = {}
        self.namespace: dict[str, Any] = {"ConversionError": ConversionError, "BAD_VALUE": BAD_VALUE, **globals_}

    def name(self, cls: type[Entity]) -> str:
        """The namespace name of ``cls``'s function; generates it on first use."""
        name = self._names.get(cls)
        if name is None:
            name = self._names[cls] = f"{self.label}_{cls.__name__}"
            if name in self.namespace:
                name = self._names[cls] = f"{name}_{next(_counter)}"
            self.namespace[name] = None  # reserved while its children are generated
            source = self._generate(cls, self)
            filename = f"<{self.label} {cls.__module__}.{cls.__qualname__}>"
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            exec(compile(source, filename, "exec"), self.namespace)  # noqa: S102 - our own generated code
        return name

    def __getitem__(self, cls: type[Entity]) -> Callable[..., Any]:
        return self.namespace[self.name(cls)]  # type: ignore[no-any-return]

    def add(self, value: Any, hint: str = "g") -> str:
        """Put ``value`` in the namespace under a fresh name, and return the name."""
        name = f"_{hint}{next(_counter)}"
        self.namespace[name] = value
        return name


def slot_setters(cls: type) -> dict[str, Any]:
    """Setters that bypass the frozen ``__setattr__``: how generated code fills a new record."""
    return {a.name: cls.__dict__[a.name].__set__ for a in attrs.fields(cls)}


def new_record(cls: type, hooks: Hooks, o: str = "o", indent: str = "    ") -> list[str]:
    """Source lines that make an empty record ``o`` of ``cls``, to be filled through its slot setters."""
    lines = [f"{indent}{o} = {hooks.add(object.__new__, 'new')}({hooks.add(cls, 'cls')})"]
    cache = cls.__dict__.get("_attrs_cached_hash")  # attrs' hash cache slot, on records that cache their hash
    if cache is not None:
        lines.append(f"{indent}{hooks.add(cache.__set__, 'set')}({o}, None)")
    return lines


def builder(cls: type, hooks: Hooks) -> tuple[str, list[str]]:
    """Source lines that make an empty record ``o`` of ``cls`` to be filled by ``set(o, value)`` calls,
    and the setter name of each attribute (in ``attrs.fields`` order)."""
    setters = slot_setters(cls)
    return "\n".join(new_record(cls, hooks)), [hooks.add(setters[a.name], "set") for a in attrs.fields(cls)]


def convert_each(convert: Callable[[Any], Any], items: Any) -> list[Any]:
    """``[convert(x) for x in items]``, saying at which index it failed (``[3]``) when it does."""
    out: list[Any] = []
    append = out.append
    try:
        for item in items:
            append(convert(item))
    except ConversionError as e:
        raise e.prefix(f"[{len(out)}]") from None
    except BAD_VALUE as e:
        raise ConversionError(str(e), f"[{len(out)}]") from None
    return out


def convert_items(convert_key: Callable[[Any], Any], convert: Callable[[Any], Any], items: Any) -> dict[Any, Any]:
    """``{convert_key(k): convert(v)}`` over ``items.items()``, saying at which key it failed (``['x']``)."""
    out: dict[Any, Any] = {}
    key = None
    try:
        for key, item in items.items():
            out[convert_key(key)] = convert(item)
    except ConversionError as e:
        raise e.prefix(f"[{key!r}]") from None
    except BAD_VALUE as e:
        raise ConversionError(str(e), f"[{key!r}]") from None
    return out
