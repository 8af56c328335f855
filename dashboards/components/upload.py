"""A file input that checks the size in the browser, before a byte is sent.

Panel's ``FileInput`` reads the whole file in the browser and sends it over the websocket; a file beyond the
server's websocket message limit (Bokeh's default is 20 MB) closes the connection and the session dies with
stale text on the page. This input sends only the file's name and size when the file is over ``max_bytes``
(the page then shows its limit message), and the content (base64) only when it is within the limit. The
button and the "no file" text are the page's words, not the browser's.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import param
from panel.custom import JSComponent


class SizeLimitedFileInput(JSComponent):
    """``on_file(name, data: bytes)`` for a file within ``max_bytes``; ``on_too_large(name, size)`` otherwise."""

    accept = param.String(default="")
    max_bytes = param.Integer(default=10 * 1024 * 1024)
    button_label = param.String(default="Choose file")
    empty_label = param.String(default="No file chosen")
    filename = param.String(default="")

    _esm = """
export function render({ model, el }) {
  const wrap = document.createElement("div");
  wrap.className = "tb-upload";
  const input = document.createElement("input");
  input.type = "file";
  input.accept = model.accept;
  input.style.display = "none";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-outline-primary btn-sm tb-upload-button";
  const name = document.createElement("span");
  name.className = "tb-upload-name";
  const show = () => {
    button.textContent = model.button_label;
    name.textContent = model.filename || model.empty_label;
  };
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) { return; }
    model.filename = file.name;
    show();
    if (file.size > model.max_bytes) {
      model.send_msg({kind: "too_large", name: file.name, size: file.size});
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      model.send_msg({kind: "file", name: file.name, size: file.size, data: url.slice(url.indexOf(",") + 1)});
    };
    reader.readAsDataURL(file);
  });
  model.on(["button_label", "empty_label", "filename"], show);
  show();
  wrap.append(button, name, input);
  el.append(wrap);
}
"""

    def __init__(self, on_file: Callable[[str, bytes], None], on_too_large: Callable[[str, int], None], **params):
        super().__init__(**params)
        self._on_file = on_file
        self._on_too_large = on_too_large

    def _handle_msg(self, msg) -> None:
        if not isinstance(msg, dict):
            return
        name, size = str(msg.get("name", "")), int(msg.get("size") or 0)
        if msg.get("kind") == "too_large" or size > self.max_bytes:
            self._on_too_large(name, size)
        elif msg.get("kind") == "file":
            data = base64.b64decode(msg.get("data") or "")
            if len(data) > self.max_bytes:  # a client that skipped the check
                self._on_too_large(name, len(data))
            else:
                self._on_file(name, data)
