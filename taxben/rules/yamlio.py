"""Reading YAML with the checks PyYAML skips: duplicate keys are reported, not silently overwritten."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
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
