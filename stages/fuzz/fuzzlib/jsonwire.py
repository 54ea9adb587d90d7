"""JSON as the fuzzer writes it: ordinary Python values, plus two things the `json` module
cannot produce: text spliced in verbatim (`Raw`: out-of-range literals, lone surrogate
escapes, invalid UTF-8, deep nesting built as text) and objects whose keys repeat (`Pairs`)."""
import json


class Raw:
    """Bytes (or text, written as UTF-8) inserted into the body exactly as given."""

    def __init__(self, text):
        self.data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")

    def __repr__(self):
        shown = self.data[:40]
        return f"Raw({shown!r}{'…' if len(self.data) > 40 else ''} {len(self.data)}B)"


class Pairs:
    """A JSON object written as these `(key, value)` pairs, in order; keys may repeat."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def __repr__(self):
        return f"Pairs({self.pairs!r})"


def encode(value) -> bytes:
    """The value as JSON bytes (non-ASCII text as UTF-8, not escaped)."""
    chunks = []
    _write(value, chunks)
    return b"".join(chunks)


def _write(value, chunks):
    if isinstance(value, Raw):
        chunks.append(value.data)
    elif isinstance(value, Pairs):
        _write_members(value.pairs, chunks)
    elif isinstance(value, dict):
        _write_members(value.items(), chunks)
    elif isinstance(value, (list, tuple)):
        chunks.append(b"[")
        for index, item in enumerate(value):
            if index:
                chunks.append(b",")
            _write(item, chunks)
        chunks.append(b"]")
    else:
        # Strings, numbers, booleans and null: the json module's spelling; a str holding a
        # lone surrogate is written with its escape (surrogatepass) rather than failing.
        chunks.append(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def _write_members(pairs, chunks):
    chunks.append(b"{")
    for index, (key, item) in enumerate(pairs):
        if index:
            chunks.append(b",")
        _write(key, chunks)
        chunks.append(b":")
        _write(item, chunks)
    chunks.append(b"}")
