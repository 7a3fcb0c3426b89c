"""YAML parsing for the data files: PyYAML's C parser with a faster Python side.

PyYAML's ``CSafeLoader`` scans and parses in C, but resolving each scalar's implicit type
and building the Python objects happen in Python, through general machinery (path
resolvers, deferred construction of nested collections, merge keys) that data files never
use. :class:`Loader` keeps the C parser and

- resolves implicit types with the loader's own ``yaml_implicit_resolvers`` table, looked up
  by the first character of *plain* scalars only (quoted and block scalars are strings);
- builds plain mappings, sequences and strings directly. Anything else (other scalar types,
  explicit tags, merge keys, non-scalar keys, recursive aliases, any error) is handed to
  PyYAML's own construction of the whole document, so results and error messages are
  exactly those of ``CSafeLoader``.

Timestamps stay strings: dates are checked and reported by the models.
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from yaml.constructor import BaseConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["Loader", "compose", "load"]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


class _Unusual(Exception):
    """A document the direct construction leaves to PyYAML."""


class Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's C safe loader with cheaper tag resolution and construction (see the module)."""

    #: Implicit resolvers by the first character of a plain scalar, wildcards included.
    _first_char: ClassVar[dict[str, tuple[tuple[str, Any], ...]]] = {}
    #: The wildcard resolvers alone, for any other first character.
    _any_char: ClassVar[tuple[tuple[str, Any], ...]] = ()

    def resolve(self, kind: type[Node], value: str | None, implicit: Any) -> str:
        """Return the tag of a node without an explicit one."""
        if kind is ScalarNode:
            if implicit[0]:
                assert value is not None
                for tag, regexp in self._first_char.get(value[:1], self._any_char):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def get_single_data(self) -> Any:
        """Return the document's data, built directly when it is plain."""
        node = self.get_single_node()
        if node is None:
            return None
        try:
            return self._build(node, {})
        except Exception:  # PyYAML redoes it: its result, or its error, is the reference
            BaseConstructor.__init__(self)  # forget what the attempt memoised
            return self.construct_document(node)

    def _build(self, node: Node, seen: dict[int, Any]) -> Any:
        """Build *node*'s value; *seen* shares collections met again through aliases."""
        kind = node.__class__
        if kind is ScalarNode:
            if node.tag == _STR:
                return node.value
            return self.construct_object(node, deep=True)
        key = id(node)
        if key in seen:
            if seen[key] is None:
                raise _Unusual("recursive alias")
            return seen[key]
        seen[key] = None
        data: Any
        if kind is MappingNode and node.tag == _MAP:
            data = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not ScalarNode or key_node.tag == _MERGE:
                    raise _Unusual("merge or non-scalar key")
                data[self._build(key_node, seen)] = self._build(value_node, seen)
        elif kind is SequenceNode and node.tag == _SEQ:
            data = [self._build(item, seen) for item in node.value]
        else:
            raise _Unusual(f"tag {node.tag}")
        seen[key] = data
        return data


Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
assert not Loader.yaml_path_resolvers, "Loader.resolve does not apply path resolvers"
Loader._any_char = tuple(Loader.yaml_implicit_resolvers.get(None, ()))
Loader._first_char = {
    first: (*resolvers, *Loader._any_char)
    for first, resolvers in Loader.yaml_implicit_resolvers.items()
    if first is not None
}


def load(text: str) -> Any:
    """Parse one YAML document into plain Python data (``None`` for an empty document).

    Parameters
    ----------
    text : str
        The document.

    Returns
    -------
    object
        What ``yaml.load(text, Loader=CSafeLoader)`` returns, with timestamps as strings.

    Raises
    ------
    yaml.YAMLError
        As PyYAML raises it.
    """
    return yaml.load(text, Loader=Loader)


def compose(text: str) -> Node | None:
    """Parse one YAML document into its node tree (for line numbers of its parts)."""
    return yaml.compose(text, Loader=Loader)
