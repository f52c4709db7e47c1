"""schemathesis hooks for scripts/fuzz.sh: the media types it does not know.

`POST /decisions/stream` takes and answers NDJSON. A generated request is
sent as one line; the answer's lines must each be JSON, and the first is
checked against the document's schema for a line.
"""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson_request(ctx, value):
    if isinstance(value, bytes):
        return value
    return (json.dumps(value) + "\n").encode("utf-8")


@schemathesis.deserializer("application/x-ndjson")
def ndjson_answer(ctx, response):
    text = response.content.decode(response.encoding or "utf-8")
    # NDJSON lines end at "\n" only: str.splitlines would also break inside
    # a message that holds U+0085 or U+2028, which JSON leaves unescaped.
    lines = [json.loads(line) for line in text.split("\n") if line.strip()]
    if not lines:
        # No line asked, none answered: nothing to check. schemathesis
        # skips the schema check of a body it cannot deserialize.
        raise NotImplementedError("an empty stream has no line to check")
    return lines[0]
