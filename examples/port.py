#!/usr/bin/env python3
import base64, hashlib, hmac, json, sys

def data(inp, name):  # byte fields: name (UTF-8), nameHex or nameBase64
    if name + "Hex" in inp: return bytes.fromhex(inp[name + "Hex"])
    if name + "Base64" in inp: return base64.b64decode(inp[name + "Base64"])
    return inp[name].encode("utf-8")

OPS = {
    "sha256": lambda i: {"hex": hashlib.sha256(data(i, "data")).hexdigest()},
    "hmac-sha256": lambda i: {"hex": hmac.new(data(i, "key"), data(i, "data"), hashlib.sha256).hexdigest()},
}

for line in sys.stdin:
    req = json.loads(line)
    try:
        op = OPS.get(req["op"])
        answer = {"expect": op(req["input"])} if op else {"unsupported": True}
    except Exception as e:
        answer = {"error": str(e)}
    print(json.dumps({"id": req["id"], **answer}), flush=True)
