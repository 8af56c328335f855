"""Reading YAML with the checks PyYAML skips: duplicate keys are reported, not silently overwritten."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """SafeLoader that keeps dates as strings: the loader parses them itself and reports bad ones."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _duplicate_keys(node: yaml.Node, path: str, out: list[tuple[str, str, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                out.append((path, key, key_node.start_mark.line + 1))
            seen.add(key)
            _duplicate_keys(value_node, f"{path}.{key}" if path else key, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _duplicate_keys(item, f"{path}[{i}]", out)


def read_yaml(path: Path, problems: list[str]) -> Any:
    """Load one YAML file; append ``"<file>: <path>: <problem>"`` strings to ``problems``.

    Returns the loaded data, or None when the file cannot be parsed.
    """
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        problems.append(f"{name}: (file): YAML syntax error: {exc}".replace("\n", " "))
        return None
    except OSError as exc:
        problems.append(f"{name}: (file): cannot read: {exc}")
        return None
    dups: list[tuple[str, str, int]] = []
    if node is not None:
        _duplicate_keys(node, "", dups)
    for where, key, line in dups:
        what = "date" if where.endswith(".values") else "key"
        problems.append(f"{name}: {where or '(top level)'}: duplicated {what} '{key}' (line {line})")
    return data
