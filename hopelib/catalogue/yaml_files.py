"""Parsed YAML data files, with line numbers looked up only when a problem is reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem
from . import yaml_loader
from .problems import Loc, field_name, file_problem
from .text import TextFile, read_text

__all__ = ["YamlFile", "read_yaml"]


@dataclass
class YamlFile(TextFile):
    """One parsed YAML file: its text and data, and the lines of its parts on demand.

    Attributes
    ----------
    data : object
        What the file holds (plain dicts, lists and scalars).
    """

    data: Any = None
    _tree: Any = None

    def line(self, loc: Loc) -> int | None:
        """Return the line of the deepest node of *loc* that exists in the file."""
        if self._tree is None:
            try:
                self._tree = yaml_loader.compose(self.text)
            except yaml.YAMLError:
                return None
        node = self._tree
        line: int | None = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if str(key.value) == str(part):
                        line, node = key.start_mark.line + 1, value
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def at(self, loc: Loc, message: str) -> Problem:
        """Return a problem at *loc* (its line and dotted field name)."""
        return self.problem(self.line(loc), field_name(loc), message)


def read_yaml(path: Path, problems: list[Problem]) -> YamlFile | None:
    """Read and parse one YAML file; on failure add a problem and return ``None``."""
    text = read_text(path, problems, "with UTF-8 encoding")
    if text is None:
        return None
    try:
        data = yaml_loader.load(text)
    except yaml_loader.DuplicateKeyError as error:
        message = (
            f"duplicate key {error.key!r}: it is already on line {error.first_line}, and only "
            "one value can be kept: remove one of the two, or merge them"
        )
        field = field_name((*error.loc, error.key))
        problems.append(file_problem(path, message, error.line, field))
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        at = mark.line + 1 if mark is not None else None
        message = (
            f"bad YAML: {what}: check indentation, colons and quotes on this line and the one "
            "before"
        )
        problems.append(file_problem(path, message, at))
        return None
    except yaml.YAMLError as error:
        problems.append(_unreadable(path, text, error))
        return None
    if data is None:
        problems.append(file_problem(path, "the file is empty: fill it in, or remove it"))
        return None
    return YamlFile(path, text, data)


def _unreadable(path: Path, text: str, error: yaml.YAMLError) -> Problem:
    """Return the problem of a file YAML refuses before parsing (a character it forbids)."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if isinstance(error, yaml.reader.ReaderError) and bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        code = f"U+{ord(bad.group()[0]):04X}"
        what = "a NUL character" if code == "U+0000" else f"a control character ({code})"
        message = (
            f"bad YAML: {what} is on this line, and YAML allows none: remove it (a file full "
            "of them was saved as UTF-16: save it as UTF-8)"
        )
        return file_problem(path, message, line)
    return file_problem(path, f"bad YAML: {error}")
