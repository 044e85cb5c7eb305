"""Parse YAML safely: no aliases, no deep nesting, no duplicate keys, no control characters.

Every YAML file mealplan reads (targets.yaml, recipes.yaml, household.yaml) goes through
:func:`parse_yaml`, so a hostile or mistaken file fails with one line naming the file and line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import DataError

MAX_YAML_DEPTH = 32


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML loader that also refuses aliases, which can blow up memory ("billion laughs"),
    nesting deeper than MAX_YAML_DEPTH (a RecursionError otherwise) and duplicate keys (YAML
    keeps the last silently: a second 'magnesium_mg' made the first one's minimum vanish)."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise DataError(
                "YAML aliases (*name) are not allowed; write the value out",
                line=event.start_mark.line + 1,
            )
        if self._depth >= MAX_YAML_DEPTH:
            raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep",
                            line=self.peek_event().start_mark.line + 1)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201
        _refuse_duplicate_keys(self, node)
        return super().construct_mapping(node, deep=deep)


def _refuse_duplicate_keys(loader, node) -> None:  # noqa: ANN001 - a PyYAML loader and node
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        first: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                earlier = first.get(key)
            except TypeError:  # an unhashable key: PyYAML's own error follows
                continue
            if earlier is not None:
                raise DataError(f"duplicate key '{_printable(key)}' (also on line "
                                f"{earlier}); YAML would keep only the last one",
                                line=line)
            first[key] = line


# YAML 1.1 reads 1e300 and 2.5E3 (no dot, or no sign in the exponent) as text: read them as the
# numbers they are.
_NoAliasLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."))


def _printable(value: Any) -> str:
    from .jsondoc import escape_controls

    text = escape_controls(str(value))
    return text if len(text) <= 60 else text[:57] + "..."


_CLoader = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:
    class _FastLoader(_CLoader):  # type: ignore[misc, valid-type]
        """libyaml's parser with the same checks: six times faster on the recipe file.  It
        composes nodes recursively in C, so aliases and depth are checked on the parser's
        events first (libyaml's parser itself does not recurse)."""

        def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201
            _refuse_duplicate_keys(self, node)
            return super().construct_mapping(node, deep=deep)

    _FastLoader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
        list("-+0123456789."))


def _load_yaml(text: str) -> Any:
    if _CLoader is None:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - safe loader subclass
    try:
        _check_events(text)
    except yaml.YAMLError as error:
        # libyaml stops at its own depth limit (PyYAML 6.0.4) before the events say so.
        if "nesting depth" not in str(error):
            raise
        mark = getattr(error, "problem_mark", None)
        raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep",
                        line=mark.line + 1 if mark is not None else None) from None
    return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - safe loader subclass


def _check_events(text: str) -> None:
    """Aliases and depth, from libyaml's parser events (it does not recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=_CLoader):
        if isinstance(event, yaml.AliasEvent):
            raise DataError("YAML aliases (*name) are not allowed; write the value out",
                            line=event.start_mark.line + 1)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep",
                                line=event.start_mark.line + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def parse_yaml(text: str, label: str, check_text: bool = True) -> Any:
    """Parse YAML safely; ``check_text=False`` leaves control characters to a caller that
    names the record at fault itself (recipes)."""
    try:
        document = _load_yaml(text)
    except DataError as error:
        raise DataError(error.reason, file=label, line=error.line) from None
    except RecursionError:
        raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep", file=label) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DataError(
            f"not valid YAML: {problem}", file=label,
            line=mark.line + 1 if mark is not None else None,
        ) from None
    if check_text:
        _check_text(document, label)
    return document


def _check_text(document: Any, label: str) -> None:
    """No control characters in any key or text of a YAML document (ESC sequences retitle or
    clear the terminal a message is printed on)."""
    from .jsondoc import control_character

    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                where = f"{path}.{_printable(key)}" if path else _printable(key)
                if isinstance(key, str) and control_character(key):
                    raise DataError(f"a key contains a control character "
                                    f"({control_character(key)})", file=label, key=where)
                stack.append((item, where))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{n + 1}]") for n, item in enumerate(value))
        elif isinstance(value, str) and control_character(value):
            raise DataError(f"text contains a control character ({control_character(value)})",
                            file=label, key=path or None)
