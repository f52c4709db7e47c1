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
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError("the stream answered no line")
    return lines[0]
