"""Cross-checks of the reference's hand-written ops against torch built-ins and naive loops."""

import os
import tempfile

import torch
import torch.nn.functional as F

import hf_reference as ref
from safetensors_io import read_safetensors, write_safetensors

TOL = 1e-10  # float64 throughout


def _close(name, actual, expected, tol=TOL):
    err = (actual - expected).abs().max().item()
    if err > tol:
        raise AssertionError(f"self-check '{name}' failed: max abs error {err:.3e} > {tol:.1e}")


def check_elementwise(gen):
    x = torch.randn(4, 7, 10, generator=gen, dtype=torch.float64) * 3
    w, b = torch.randn(10, generator=gen, dtype=torch.float64), torch.randn(10, generator=gen, dtype=torch.float64)
    _close("layer_norm", ref.layer_norm(x, w, b, 1e-5), F.layer_norm(x, (10,), w, b, 1e-5))
    _close("gelu erf", ref.gelu_erf(x), F.gelu(x))
    _close("gelu tanh", ref.gelu_tanh(x), F.gelu(x, approximate="tanh"))
    _close("silu", ref.silu(x), F.silu(x))
    rms = x / torch.sqrt((x * x).sum(-1, keepdim=True) / 10 + 1e-6) * w
    _close("rms_norm", ref.rms_norm(x, w, 1e-6), rms)


def check_patch_embedding(gen):
    pixels = torch.randn(2, 3, 24, 24, generator=gen, dtype=torch.float64)
    weight = torch.randn(5, 3, 8, 8, generator=gen, dtype=torch.float64)
    conv = F.conv2d(pixels, weight, stride=8).flatten(2).transpose(1, 2)  # [B, N, D]
    _close("patch_embedding vs conv2d", ref.patch_embedding(pixels, weight, 8), conv)


def check_clip_attention(gen):
    d, heads = 16, 4
    mha = torch.nn.MultiheadAttention(d, heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for param in mha.parameters():
            param.copy_(torch.randn(param.shape, generator=gen, dtype=torch.float64))
    q_w, k_w, v_w = mha.in_proj_weight.detach().chunk(3)
    q_b, k_b, v_b = mha.in_proj_bias.detach().chunk(3)
    w = {
        "a.q_proj.weight": q_w, "a.q_proj.bias": q_b,
        "a.k_proj.weight": k_w, "a.k_proj.bias": k_b,
        "a.v_proj.weight": v_w, "a.v_proj.bias": v_b,
        "a.out_proj.weight": mha.out_proj.weight.detach(), "a.out_proj.bias": mha.out_proj.bias.detach(),
    }
    x = torch.randn(2, 9, d, generator=gen, dtype=torch.float64)
    expected, _ = mha(x, x, x, need_weights=False)
    _close("clip_attention vs nn.MultiheadAttention", ref.clip_attention(x, w, "a", heads), expected.detach())


def _naive_decoder_attention(x, w, text, qkv_bias):
    """Per-head, per-query loop; RoPE as complex rotation of pairs (i, i + Dh/2); causal by slicing."""
    nh, nkv, dh = text["num_attention_heads"], text["num_key_value_heads"], text["head_dim"]
    t = x.shape[1]
    half = dh // 2

    def proj(name):
        bias = w[f"a.{name}.bias"] if qkv_bias else 0.0
        return x[0] @ w[f"a.{name}.weight"].T + bias  # [L, H*Dh]

    def rotate(vecs):  # [L, Dh]
        angles = torch.tensor(
            [[p * text["rope_theta"] ** (-2.0 * i / dh) for i in range(half)] for p in range(t)], dtype=torch.float64
        )
        z = torch.complex(vecs[:, :half], vecs[:, half:]) * torch.polar(torch.ones_like(angles), angles)
        return torch.cat([z.real, z.imag], dim=-1)

    q, k, v = proj("q_proj"), proj("k_proj"), proj("v_proj")
    out = torch.zeros(t, nh * dh, dtype=torch.float64)
    for h in range(nh):
        g = h // (nh // nkv)
        qh = rotate(q[:, h * dh : (h + 1) * dh])
        kh = rotate(k[:, g * dh : (g + 1) * dh])
        vh = v[:, g * dh : (g + 1) * dh]
        for i in range(t):
            probs = torch.softmax(kh[: i + 1] @ qh[i] / dh**0.5, dim=0)
            out[i, h * dh : (h + 1) * dh] = probs @ vh[: i + 1]
    return (out @ w["a.o_proj.weight"].T)[None]


def check_decoder_attention(gen):
    text = {"model_type": "qwen2", "num_attention_heads": 6, "num_key_value_heads": 2, "head_dim": 8,
            "rope_theta": 500.0, "attention_bias": False}
    d, t = 20, 7
    shapes = {"q_proj": 48, "k_proj": 16, "v_proj": 16}
    w = {}
    for name, rows in shapes.items():
        w[f"a.{name}.weight"] = torch.randn(rows, d, generator=gen, dtype=torch.float64) * 0.5
        w[f"a.{name}.bias"] = torch.randn(rows, generator=gen, dtype=torch.float64) * 0.5
    w["a.o_proj.weight"] = torch.randn(d, 48, generator=gen, dtype=torch.float64) * 0.5
    x = torch.randn(1, t, d, generator=gen, dtype=torch.float64)
    # The reference computes RoPE angles in float32 like HF, hence the looser tolerance.
    cos, sin = ref.rope_cos_sin(t, 8, 500.0, torch.float64)
    actual = ref.decoder_attention(x, w, "a", text, cos, sin)
    _close("decoder GQA+RoPE+causal attention vs naive loop", actual, _naive_decoder_attention(x, w, text, True), 1e-5)


def check_merge(gen):
    ids = torch.tensor([[1, 5, 9, 9, 9, 4, 9], [9, 2, 9, 3, 9, 9, 6]])
    embeds = torch.randn(2, 7, 3, generator=gen, dtype=torch.float64)
    features = torch.randn(2, 4, 3, generator=gen, dtype=torch.float64)
    mask = (ids == 9).unsqueeze(-1).expand_as(embeds)
    _close("merge vs masked_scatter", ref.merge_image_features(ids, embeds, features, 9),
           embeds.masked_scatter(mask, features))


def check_safetensors_round_trip(gen):
    tensors = {
        "b.f32": torch.randn(3, 5, generator=gen),
        "a.bf16": torch.randn(4, 2, generator=gen).to(torch.bfloat16),
        "c.i64": torch.arange(7).reshape(1, 7),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.safetensors")
        write_safetensors(path, tensors)
        with open(path, "rb") as f:
            header_len = int.from_bytes(f.read(8), "little")
        if header_len % 8 != 0:
            raise AssertionError(f"safetensors header length {header_len} is not a multiple of 8")
        loaded = read_safetensors(path)
    for name, tensor in tensors.items():
        if loaded[name].dtype != tensor.dtype or not torch.equal(loaded[name], tensor):
            raise AssertionError(f"safetensors round trip changed tensor '{name}'")


def run_all(seed=1234):
    gen = torch.Generator().manual_seed(seed)
    for check in (check_elementwise, check_patch_embedding, check_clip_attention, check_decoder_attention,
                  check_merge, check_safetensors_round_trip):
        check(gen)
        print(f"  self-check ok: {check.__name__}")
