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
  exactly those of ``CSafeLoader``;
- refuses a key written twice in one mapping (:class:`DuplicateKeyError`), where PyYAML
  would keep the last value without a word.

Timestamps stay strings: dates are checked and reported by the models.
"""

from __future__ import annotations

import operator
from typing import Any, ClassVar

import yaml
from yaml.constructor import BaseConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["DuplicateKeyError", "Loader", "compose", "load"]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping names one key twice.

    Attributes
    ----------
    key : str
        The key, as written.
    loc : tuple
        Where the mapping is: keys and list indexes, outermost first (empty at the top).
    line, first_line : int
        The 1-based lines of the second and of the first occurrence.
    """

    def __init__(
        self, key: str, loc: tuple[str | int, ...], first: yaml.Mark, second: yaml.Mark
    ) -> None:
        super().__init__(
            None, None, f"found duplicate key {key!r} (first on line {first.line + 1})", second
        )
        self.key, self.loc = key, loc
        self.line, self.first_line = second.line + 1, first.line + 1


class _Unusual(Exception):
    """A document the direct construction leaves to PyYAML."""


class _Duplicate(Exception):
    """A mapping of the document names a key twice (located by :func:`_duplicate_keys`)."""


class Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's C safe loader with cheaper tag resolution and construction (see the module)."""

    #: Implicit resolvers by the first character of a plain scalar, wildcards included.
    _first_char: ClassVar[dict[str, tuple[tuple[str, Any], ...]]] = {}
    #: The wildcard resolvers alone, for any other first character.
    _any_char: ClassVar[tuple[tuple[str, Any], ...]] = ()

    #: No path resolvers (asserted below): the C composer's calls to these, once per node,
    #: go to builtins that do nothing with their arguments instead of Python methods.
    descend_resolver = operator.is_
    ascend_resolver = tuple

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
        except _Duplicate:
            self.check_keys(node)  # raises, with the key's place in the document
            raise AssertionError("a duplicate key not found again") from None
        except Exception:  # PyYAML redoes it: its result, or its error, is the reference
            self.check_keys(node)  # PyYAML keeps the last of two equal keys without a word
            BaseConstructor.__init__(self)  # forget what the attempt memoised
            return self.construct_document(node)

    def check_keys(self, root: Node) -> None:
        """Raise :class:`DuplicateKeyError` at the first key written twice in one mapping.

        Keys are compared as the values they stand for, as a Python dict would (``1`` and
        ``1.0`` are equal, ``"1"`` is another key); a key that is not a scalar is left to
        PyYAML. The walk is iterative: nesting depth is no limit.
        """
        stack: list[tuple[Node, tuple[str | int, ...]]] = [(root, ())]
        visited: set[int] = set()
        try:
            while stack:
                node, loc = stack.pop()
                if id(node) in visited:  # an alias: checked where it was defined
                    continue
                visited.add(id(node))
                if isinstance(node, MappingNode):
                    stack.extend(reversed(self._mapping_children(node, loc)))
                elif isinstance(node, SequenceNode):
                    items = [(item, (*loc, i)) for i, item in enumerate(node.value)]
                    stack.extend(reversed(items))
        finally:
            BaseConstructor.__init__(self)  # forget the keys constructed here

    def _mapping_children(
        self, node: MappingNode, loc: tuple[str | int, ...]
    ) -> list[tuple[Node, tuple[str | int, ...]]]:
        """Return a mapping's values with their places; raise on a key written twice."""
        seen: dict[Any, Node] = {}
        children: list[tuple[Node, tuple[str | int, ...]]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            if key_node.tag == _STR:
                name: Any = key_node.value
            else:
                try:
                    name = self.construct_object(key_node, deep=True)
                    hash(name)
                except Exception:  # PyYAML reports it when it builds the document
                    continue
            if name in seen:
                first = seen[name].start_mark
                raise DuplicateKeyError(key_node.value, loc, first, key_node.start_mark)
            seen[name] = key_node
            children.append((value_node, (*loc, key_node.value)))
        return children

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
                name = key_node.value if key_node.tag == _STR else self._build(key_node, seen)
                if name in data:
                    raise _Duplicate
                if value_node.__class__ is ScalarNode and value_node.tag == _STR:
                    data[name] = value_node.value  # the most common case, without a call
                else:
                    data[name] = self._build(value_node, seen)
        elif kind is SequenceNode and node.tag == _SEQ:
            data = [
                item.value
                if item.__class__ is ScalarNode and item.tag == _STR
                else self._build(item, seen)
                for item in node.value
            ]
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
