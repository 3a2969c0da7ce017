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

from .._errors import ConversionError
from .._model import GENERATION_LOCK, Entity

_counter = itertools.count()
#: The Hooks with functions made under the lock that are not published yet.
_unpublished: list[Hooks] = []

#: Exceptions that mean "this input value is bad" wherever a converter meets them.
BAD_VALUE = (TypeError, ValueError, OverflowError, KeyError, AttributeError, UnicodeError)


class Hooks:
    """The generated functions of one format and direction, one per entity class, made on demand.

    Generation is thread-safe: it runs under :data:`GENERATION_LOCK`, and the functions it makes are
    published only when the outermost generation is done, so that another thread never sees a name
    whose function, or a function one of whose children, is not made yet."""

    def __init__(self, label: str, generate: Callable[[type[Entity], Hooks], str], **globals_: Any) -> None:
        self.label = label
        self._generate = generate
        self._names: dict[type, str] = {}  # published: the function and all it calls exist
        self._making: dict[type, str] = {}  # made or being made by the lock's holder, not yet published
        self.namespace: dict[str, Any] = {"ConversionError": ConversionError, "BAD_VALUE": BAD_VALUE, **globals_}

    def name(self, cls: type[Entity]) -> str:
        """The namespace name of ``cls``'s function; generates it on first use."""
        name = self._names.get(cls)
        if name is not None:
            return name
        with GENERATION_LOCK:
            name = self._names.get(cls) or self._making.get(cls)
            if name is not None:  # published meanwhile, or an outer generation of this thread's is making it
                return name
            outermost = not _unpublished
            _unpublished.append(self)
            try:
                name = self._making[cls] = f"{self.label}_{cls.__name__}"
                if name in self.namespace:
                    name = self._making[cls] = f"{name}_{next(_counter)}"
                self.namespace[name] = None  # reserved while its children are generated
                source = self._generate(cls, self)
                filename = f"<{self.label} {cls.__module__}.{cls.__qualname__}>"
                linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
                exec(compile(source, filename, "exec"), self.namespace)  # noqa: S102 - our own generated code
            except BaseException:
                if outermost:  # nothing of a failed generation is kept
                    for hooks in _unpublished:
                        for made in hooks._making.values():
                            hooks.namespace.pop(made, None)
                        hooks._making.clear()
                    _unpublished.clear()
                raise
            if outermost:
                for hooks in _unpublished:
                    hooks._names.update(hooks._making)
                    hooks._making.clear()
                _unpublished.clear()
        return name

    def __getitem__(self, cls: type[Entity]) -> Callable[..., Any]:
        return self.namespace[self.name(cls)]  # type: ignore[no-any-return]

    def add(self, value: Any, hint: str = "g") -> str:
        """Put ``value`` in the namespace under a fresh name, and return the name."""
        name = f"_{hint}{next(_counter)}"
        self.namespace[name] = value
        return name


class FieldLines(dict[int, str]):
    """The path of the field each line of a generated function reads or writes, by line number: how the
    function names a failing field without a statement per field saying where it is."""

    def claim(self, first: int, lines: list[str], path: str) -> None:
        """Lines ``first`` to the last of ``lines`` are ``path``'s, but for those an inner field claimed."""
        for line in range(first, len(lines) + 1):
            self.setdefault(line, path)

    def handlers(self, hooks: Hooks, *, bad_values: bool = True) -> list[str]:
        """The end of the function's ``try:`` block: failures re-raised as ConversionErrors at the path of
        the line they came from (``bad_values``: TypeError, ValueError and the like too)."""
        at = f"{hooks.add(self, 'paths')}.get(e.__traceback__.tb_lineno, '')"
        lines = ["        pass", "    except ConversionError as e:", f"        raise e.prefix({at}) from None"]
        if bad_values:
            lines += ["    except BAD_VALUE as e:", f"        raise ConversionError(str(e), {at}) from None"]
        return lines


#: From this many slots up, a record is filled as its unfrozen twin and then given its class: a slot
#: store on the twin is a plain ``o.x = v`` (a few ns, where a setter call costs some 40), and the class
#: change costs about two setter calls.
_TWIN_FROM = 3
_twins: dict[type, type | None] = {}


def twin(cls: type) -> type | None:
    """A class with ``cls``'s slots and base and nothing else (no frozen ``__setattr__``), whose instances
    may become ``cls`` instances by ``__class__`` assignment; None when ``cls`` is too small to gain."""
    try:
        return _twins[cls]
    except KeyError:
        pass
    made: type | None = None
    slots = cls.__dict__.get("__slots__", ())
    if len(slots) >= _TWIN_FROM:
        made = type(f"{cls.__name__}Filling", cls.__bases__, {"__slots__": slots, "__module__": cls.__module__})
        try:
            probe: Any = object.__new__(made)
            probe.__class__ = cls
        except TypeError:  # a layout CPython will not swap (a __weakref__ slot): fill it by setters
            made = None
    _twins[cls] = made
    return made


class RecordCode:
    """The source that makes an empty record ``o`` of a class, sets its fields, and finishes it: through
    its twin (see :func:`twin`) when it has one, or through slot setters on the record itself. Until
    :meth:`finish` runs ``o`` is no record of ``cls``: a failure on the way leaves nothing behind."""

    def __init__(self, cls: type, hooks: Hooks) -> None:
        self.cls, self.hooks = cls, hooks
        self.twin = twin(cls)
        self._setters: dict[str, str] = {}
        self._cached_hash = "_attrs_cached_hash" in cls.__dict__  # attrs' hash cache slot: starts as None

    def new(self, o: str = "o", indent: str = "    ") -> list[str]:
        made = self.hooks.add(self.twin or self.cls, "cls")
        lines = [f"{indent}{o} = {self.hooks.add(object.__new__, 'new')}({made})"]
        if self._cached_hash:
            lines.append(f"{indent}{self.set(o, '_attrs_cached_hash', 'None')}")
        return lines

    def set(self, o: str, attr: str, value: str) -> str:
        """A statement setting field ``attr`` of ``o`` to ``value``."""
        if self.twin is not None:
            return f"{o}.{attr} = {value}"
        setter = self._setters.get(attr)
        if setter is None:
            setter = self._setters[attr] = self.hooks.add(self.cls.__dict__[attr].__set__, "set")
        return f"{setter}({o}, {value})"

    def finish(self, o: str = "o", indent: str = "    ") -> list[str]:
        """Lines making ``o``, its fields all set, a record of the class."""
        return [f"{indent}{o}.__class__ = {self.hooks.add(self.cls, 'cls')}"] if self.twin is not None else []


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
