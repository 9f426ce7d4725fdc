"""Minimal safetensors reader/writer (the `safetensors` package is not available here).

Format: 8-byte little-endian u64 header length N, then N bytes of UTF-8 JSON
{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}} padded with
spaces to a multiple of 8, then the raw little-endian C-contiguous tensor bytes. Offsets are
relative to the end of the header. Tensors are laid out in sorted name order.
"""

import json
import struct

import numpy as np
import torch

# safetensors dtype tag -> (torch dtype, numpy dtype used to move the raw bytes)
_DTYPES = {
    "F64": (torch.float64, np.float64),
    "F32": (torch.float32, np.float32),
    "F16": (torch.float16, np.float16),
    "BF16": (torch.bfloat16, np.int16),  # numpy has no bfloat16: move the bits as int16
    "I64": (torch.int64, np.int64),
    "I32": (torch.int32, np.int32),
    "U8": (torch.uint8, np.uint8),
}
_TAG_OF = {torch_dtype: tag for tag, (torch_dtype, _) in _DTYPES.items()}


def _tensor_bytes(tensor):
    tensor = tensor.detach().contiguous().cpu()
    if tensor.dtype == torch.bfloat16:
        tensor = tensor.view(torch.int16)
    array = tensor.numpy()
    return array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} to `path`; returns the number of tensor data bytes written."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name]
        if tensor.dtype not in _TAG_OF:
            raise ValueError(f"{path}: tensor '{name}' has unsupported dtype {tensor.dtype}")
        blob = _tensor_bytes(tensor)
        header[name] = {
            "dtype": _TAG_OF[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    # Real checkpoints written by HF carry "__metadata__": {"format": "pt"}; readers must skip it.
    header["__metadata__"] = {"format": "pt", **(metadata or {})}
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for blob in blobs:
            f.write(blob)
    return offset


def read_safetensors(path):
    """Reads a safetensors file into {name: tensor} (dtypes preserved)."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len].decode("utf-8"))
    body = data[8 + header_len :]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor '{name}' has unsupported dtype {entry['dtype']}")
        torch_dtype, np_dtype = _DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=np.dtype(np_dtype).newbyteorder("<")).copy()
        tensor = torch.from_numpy(array.astype(np_dtype)).reshape(entry["shape"])
        tensors[name] = tensor.view(torch.bfloat16) if torch_dtype == torch.bfloat16 else tensor
    return tensors
