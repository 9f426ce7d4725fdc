"""Cross-checks the hand-derived ids of SentencePieceTokenizerTests with Google's sentencepiece.

Builds the same tiny BPE ModelProto as the C# fixture (SentencePieceModelBytes) byte by byte, loads it with
sentencepiece and prints the ids of the strings the tests pin. Run: /usr/bin/python3 sentencepiece_fixture_ids.py
(Debian: apt-get install python3-sentencepiece). sentencepiece knows no added tokens, so the LLaVA prompt is
checked piecewise: text before '<image>' with the dummy prefix, text after it without.
"""
import struct
import sentencepiece as spm

NORMAL, UNKNOWN, CONTROL, BYTE = 1, 2, 3, 6
MERGED = ["ll", "\u2581h", "\u2581he", "\u2581hell", "\u2581hello", "\u2581w", "or", "\u2581wor", "ld"]
SINGLE = ["\u2581", "h", "e", "l", "o", "w", "r", "d"]


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_bytes(num, payload):
    return varint(num << 3 | 2) + varint(len(payload)) + payload


def field_varint(num, v):
    return varint(num << 3) + varint(v)


def piece(text, score, kind):
    return field_bytes(1, text.encode()) + varint(2 << 3 | 5) + struct.pack("<f", score) + field_varint(3, kind)


def model(add_dummy_prefix):
    pieces = [("<unk>", 0.0, UNKNOWN), ("<s>", 0.0, CONTROL), ("</s>", 0.0, CONTROL)]
    pieces += [(f"<0x{b:02X}>", 0.0, BYTE) for b in range(256)]
    pieces += [(p, -1.0 - i, NORMAL) for i, p in enumerate(MERGED)]
    pieces += [(p, -10.0 - i, NORMAL) for i, p in enumerate(SINGLE)]
    body = b"".join(field_bytes(1, piece(*p)) for p in pieces)
    trainer = field_varint(3, 2) + field_varint(35, 1)  # model_type BPE, byte_fallback
    normalizer = field_bytes(1, b"identity") + field_varint(3, int(add_dummy_prefix)) + field_varint(4, 0) + field_varint(5, 1)
    return body + field_bytes(2, trainer) + field_bytes(3, normalizer)


with_prefix = spm.SentencePieceProcessor(model_proto=model(True))
without_prefix = spm.SentencePieceProcessor(model_proto=model(False))
for text in ["hello world", "hi!", "h\u00e9llo"]:
    ids = with_prefix.encode(text)
    print(repr(text), ids, repr(with_prefix.decode(ids)))
print("before <image>:", with_prefix.encode("USER: "))
print("after <image>:", without_prefix.encode("\nhello ASSISTANT:"))
