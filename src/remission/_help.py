"""Short ``help()`` for remission's pydantic models.

``help(remission)`` documents every public class; for a pydantic model pydoc also lists the ~40
methods every model inherits from ``pydantic.BaseModel`` (about 430 lines per class). Classes made
with :class:`ShortHelpMeta` list, in ``dir(cls)`` and so in ``help()``, what remission defines (the
fields, methods and properties), not what every pydantic model has. Nothing else changes: every inherited method is still there
(``Protocol.model_json_schema()`` works), and ``dir()`` of an *instance* is untouched.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic._internal._model_construction import ModelMetaclass

#: BaseModel methods kept in ``dir()`` of a remission model (and so in its ``help()``): none, they
#: are pydantic's (model_dump, model_validate, ...) and documented there.
KEPT: frozenset[str] = frozenset()


class ShortHelpMeta(ModelMetaclass):
    """Metaclass of remission's pydantic models: ``dir(cls)`` omits what BaseModel alone defines."""

    def __dir__(cls):
        hidden = set(dir(BaseModel)) - KEPT
        own = {name for klass in cls.__mro__[:cls.__mro__.index(BaseModel)] for name in vars(klass)
               if not name.startswith("__") and name != "model_config"}
        return sorted({n for n in super().__dir__() if n not in hidden and not n.startswith("__")}
                      | own | {"__init__", "__doc__", "__module__"})
