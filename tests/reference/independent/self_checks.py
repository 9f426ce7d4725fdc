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


def check_patch_embedding_with_bias(gen):
    """SigLIP's patch conv has a bias (CLIP's does not); non-square grid to catch a transposed flattening."""
    pixels = torch.randn(2, 3, 16, 24, generator=gen, dtype=torch.float64)
    weight = torch.randn(5, 3, 8, 8, generator=gen, dtype=torch.float64)
    bias = torch.randn(5, generator=gen, dtype=torch.float64)
    conv = F.conv2d(pixels, weight, bias, stride=8).flatten(2).transpose(1, 2)  # [B, N, D]
    _close("patch_embedding with bias vs conv2d", ref.patch_embedding(pixels, weight, 8, bias), conv)


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


# Torch built-ins for HF's ACT2FN names, independent of hf_reference's own activation code.
_TORCH_ACTIVATIONS = {
    "gelu": F.gelu,
    "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x),
}


def _torch_encoder_layer(w, p, vision):
    """nn.TransformerEncoderLayer(norm_first=True) holding an HF CLIP/SigLIP encoder layer's weights.

    Its forward is x + attn(norm1(x)), then x + linear2(act(linear1(norm2(x)))): SiglipEncoderLayer's.
    """
    d = vision["hidden_size"]
    layer = torch.nn.TransformerEncoderLayer(
        d, vision["num_attention_heads"], vision["intermediate_size"], dropout=0.0,
        activation=_TORCH_ACTIVATIONS[vision["hidden_act"]], layer_norm_eps=vision["layer_norm_eps"],
        batch_first=True, norm_first=True, dtype=torch.float64)
    a = f"{p}.self_attn"
    state = {
        "self_attn.in_proj_weight": torch.cat([w[f"{a}.{n}_proj.weight"] for n in "qkv"]),
        "self_attn.in_proj_bias": torch.cat([w[f"{a}.{n}_proj.bias"] for n in "qkv"]),
        "self_attn.out_proj.weight": w[f"{a}.out_proj.weight"], "self_attn.out_proj.bias": w[f"{a}.out_proj.bias"],
        "linear1.weight": w[f"{p}.mlp.fc1.weight"], "linear1.bias": w[f"{p}.mlp.fc1.bias"],
        "linear2.weight": w[f"{p}.mlp.fc2.weight"], "linear2.bias": w[f"{p}.mlp.fc2.bias"],
        "norm1.weight": w[f"{p}.layer_norm1.weight"], "norm1.bias": w[f"{p}.layer_norm1.bias"],
        "norm2.weight": w[f"{p}.layer_norm2.weight"], "norm2.bias": w[f"{p}.layer_norm2.bias"],
    }
    layer.load_state_dict({k: v.double() for k, v in state.items()}, strict=True)
    return layer.eval()


def check_siglip_encoder_layer(gen):
    vision = {"hidden_size": 16, "intermediate_size": 24, "num_attention_heads": 4,
              "hidden_act": "gelu_pytorch_tanh", "layer_norm_eps": 1e-6}
    shapes = {"q_proj": (16, 16), "k_proj": (16, 16), "v_proj": (16, 16), "out_proj": (16, 16)}
    w = {}
    for name, shape in shapes.items():
        w[f"l.self_attn.{name}.weight"] = torch.randn(*shape, generator=gen, dtype=torch.float64) * 0.3
        w[f"l.self_attn.{name}.bias"] = torch.randn(shape[0], generator=gen, dtype=torch.float64) * 0.3
    for name, (rows, cols) in {"fc1": (24, 16), "fc2": (16, 24)}.items():
        w[f"l.mlp.{name}.weight"] = torch.randn(rows, cols, generator=gen, dtype=torch.float64) * 0.3
        w[f"l.mlp.{name}.bias"] = torch.randn(rows, generator=gen, dtype=torch.float64) * 0.3
    for name in ("layer_norm1", "layer_norm2"):
        w[f"l.{name}.weight"] = 1 + 0.2 * torch.randn(16, generator=gen, dtype=torch.float64)
        w[f"l.{name}.bias"] = 0.2 * torch.randn(16, generator=gen, dtype=torch.float64)
    x = torch.randn(2, 9, 16, generator=gen, dtype=torch.float64)
    with torch.no_grad():
        expected = _torch_encoder_layer(w, "l", vision)(x)
    _close("SigLIP encoder layer vs nn.TransformerEncoderLayer(norm_first)",
           ref.clip_encoder_layer(x, w, "l", vision), expected)


def check_siglip_tower_against_torch_modules(weights, vision, pixel_values):
    """A fixture's SigLIP hidden states vs nn.Conv2d(bias) + position rows + nn.TransformerEncoderLayer stack."""
    w = {n: t.double() for n, t in weights.items() if n.startswith(ref.VISION)}
    e = f"{ref.VISION}.embeddings"
    conv = torch.nn.Conv2d(vision["num_channels"], vision["hidden_size"], vision["patch_size"],
                           stride=vision["patch_size"], padding="valid", bias=True, dtype=torch.float64)
    conv.load_state_dict({"weight": w[f"{e}.patch_embedding.weight"], "bias": w[f"{e}.patch_embedding.bias"]})
    positions = torch.nn.Embedding.from_pretrained(w[f"{e}.position_embedding.weight"])
    with torch.no_grad():
        x = conv(pixel_values.double()).flatten(2).transpose(1, 2)
        x = x + positions(torch.arange(x.shape[1]))[None]
        expected = [x]
        for i in range(vision["num_hidden_layers"]):
            x = _torch_encoder_layer(w, f"{ref.VISION}.encoder.layers.{i}", vision)(x)
            expected.append(x)
    actual = ref.siglip_hidden_states(pixel_values.double(), w, vision)
    if len(actual) != len(expected):
        raise AssertionError(f"{len(actual)} SigLIP hidden states, expected {len(expected)}")
    for i, (a, b) in enumerate(zip(actual, expected)):
        _close(f"SigLIP hidden_states[{i}] vs torch modules", a, b)


class _SiglipPoolingHeadShapes(torch.nn.Module):
    """Parameter layout of HF's SiglipMultiheadAttentionPoolingHead (probe, MHA, layernorm, SiglipMLP)."""

    def __init__(self, d, heads, inter):
        super().__init__()
        self.probe = torch.nn.Parameter(torch.zeros(1, 1, d))
        self.attention = torch.nn.MultiheadAttention(d, heads, batch_first=True)
        self.layernorm = torch.nn.LayerNorm(d)
        self.mlp = torch.nn.Module()
        self.mlp.fc1 = torch.nn.Linear(d, inter)
        self.mlp.fc2 = torch.nn.Linear(inter, d)


def check_siglip_head_layout(weights, vision):
    """head.* (when vision_use_head) loads strictly into HF's pooling-head modules; none when it is false."""
    prefix = f"{ref.VISION}.head."
    head = {n[len(prefix):]: t for n, t in weights.items() if n.startswith(prefix)}
    if not vision["vision_use_head"]:
        if head:
            raise AssertionError(f"vision_use_head is false but the checkpoint has head weights {sorted(head)}")
        return
    module = _SiglipPoolingHeadShapes(vision["hidden_size"], vision["num_attention_heads"], vision["intermediate_size"])
    module.load_state_dict(head, strict=True)  # raises on a missing, extra or mis-shaped tensor


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
        "d.u8": torch.arange(250, 256).to(torch.uint8).reshape(2, 3),
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
                  check_merge, check_safetensors_round_trip, check_patch_embedding_with_bias,
                  check_siglip_encoder_layer, check_llava_next_geometry):
        check(gen)
        print(f"  self-check ok: {check.__name__}")


# ---------------------------------------------------------------- LLaVA-NeXT


def _naive_pack(view_features, image_size, newline, config):
    """pack_image_features as an explicit loop over the unpadded grid, without view/permute/flatten.

    Grid position (R, C) of the (rows*side) x (cols*side) grid is patch (R % side, C % side) of tile
    (R // side, C // side), tiles numbered row-major after the base view (view 0).
    """
    import llava_next as ln

    vision = config["vision_config"]
    side = vision["image_size"] // vision["patch_size"]
    rows, cols = ln.anyres_grid_shape(image_size, config["image_grid_pinpoints"], vision["image_size"])
    r0, r1, c0, c1 = ln.unpad_bounds(image_size, rows * side, cols * side)
    out = [view_features[0, i] for i in range(side * side)]
    for r in range(r0, r1):
        for c in range(c0, c1):
            tile = 1 + (r // side) * cols + (c // side)
            out.append(view_features[tile, (r % side) * side + (c % side)])
        out.append(newline)
    return torch.stack(out)


def check_pack_against_naive_loop(view_features, image_size, newline, config):
    import llava_next as ln

    packed = ln.pack_image_features(view_features, [int(v) for v in image_size], newline, config)
    naive = _naive_pack(view_features, [int(v) for v in image_size], newline, config)
    if packed.shape != naive.shape:
        raise AssertionError(f"pack_image_features {tuple(packed.shape)} vs naive loop {tuple(naive.shape)}")
    _close("llava_next pack_image_features vs naive loop", packed, naive, 0.0)


def _tiny_next_config(pinpoints, tile=32, patch=8):
    return {"vision_config": {"image_size": tile, "patch_size": patch}, "image_grid_pinpoints": pinpoints}


def check_llava_next_geometry(gen):
    """Processor placeholder count == rows the model packs, for a sweep of sizes and three geometries;
    naive-loop packing on random features; HF's single-view else branch; CLIP + "full" refused."""
    import llava_next as ln
    from fixture_specs import ANYRES_GEOMETRIES
    from hf_config import resolve_config

    for g in ANYRES_GEOMETRIES.values():
        tile, patch = g["tile_size"], g["patch_size"]
        side = tile // patch
        config = _tiny_next_config(g["grid_pinpoints"], tile, patch)
        sizes = [(h, w) for h in (1, 2, 3, 5, 7, 12, 31, 32, 33, 40, 70, 97, 103, 200, 336, 481, 1000, 4093)
                 for w in (1, 4, 9, 30, 32, 60, 90, 128, 309, 640, 1111, 3001)]
        for size in sizes:
            count = ln.num_image_tokens(size, g["grid_pinpoints"], tile, patch)
            views = torch.zeros(count["num_views"], side * side, 1, dtype=torch.float64)
            packed = ln.pack_image_features(views, list(size), torch.ones(1, dtype=torch.float64), config)
            if packed.shape[0] != count["total"] or int(packed.sum()) != count["newlines"]:
                raise AssertionError(f"{size}: model packs {packed.shape[0]} rows ({int(packed.sum())} newlines), "
                                     f"processor counts {count}")
    config = _tiny_next_config(ANYRES_GEOMETRIES["tiny"]["grid_pinpoints"])
    for size in ((40, 90), (70, 30), (103, 309), (5, 7)):
        n = ln.num_views(size, config["image_grid_pinpoints"], 32)
        views = torch.randn(n, 16, 3, generator=gen, dtype=torch.float64)
        check_pack_against_naive_loop(views, size, torch.randn(3, generator=gen, dtype=torch.float64), config)
    single = torch.randn(1, 16, 3, generator=gen, dtype=torch.float64)
    newline = torch.randn(3, generator=gen, dtype=torch.float64)
    _close("llava_next single-view branch", ln.pack_image_features(single, [40, 90], newline, config),
           torch.cat([single[0], newline[None]]), 0.0)
    raw = {"model_type": "llava_next", "vision_feature_select_strategy": "full",
           "vision_config": {"image_size": 32, "patch_size": 8}, "text_config": {}}
    try:
        resolve_config(raw)
    except ValueError:
        pass
    else:
        raise AssertionError("llava_next with CLIP + 'full' must be refused")


def check_anyres_cases(cases):
    """anyres_cases.json rows are self-consistent and agree with the model-side packing."""
    import llava_next as ln

    for c in cases:
        side = c["tile_size"] // c["patch_size"]
        if c["image_tokens"] != c["base_tokens"] + c["unpadded_tokens"] + c["newline_tokens"]:
            raise AssertionError(f"anyres case {c['image_size']}: token parts do not add up")
        if c["num_views"] != c["grid"][0] * c["grid"][1] + 1 or c["base_tokens"] != side * side:
            raise AssertionError(f"anyres case {c['image_size']}: views / base tokens inconsistent")
        if c["unpadded_tokens"] != c["unpadded_grid"][0] * c["unpadded_grid"][1] or \
                c["newline_tokens"] != c["unpadded_grid"][0]:
            raise AssertionError(f"anyres case {c['image_size']}: unpadded grid inconsistent")
        config = _tiny_next_config(c["grid_pinpoints"], c["tile_size"], c["patch_size"])
        views = torch.zeros(c["num_views"], side * side, 1, dtype=torch.float64)
        packed = ln.pack_image_features(views, c["image_size"], torch.ones(1, dtype=torch.float64), config)
        if packed.shape[0] != c["image_tokens"]:
            raise AssertionError(f"anyres case {c['image_size']}: model packs {packed.shape[0]} rows")


def check_processor_without_pil(image, cfg, out, exact):
    """Rebuilds the processor's pixel_values with torch from the (Pillow-)resized intermediates: zero padding
    placed by hand, tiles by index arithmetic, base view first, rescale + CLIP normalisation in float64.
    `exact`: the image needs no resampling (every resize is same-size), so the intermediates must be the
    input image itself."""
    import llava_next as ln

    crop = cfg["crop_size"]["height"]
    h, w = image.shape[:2]
    best = ln.select_best_resolution((h, w), cfg["image_grid_pinpoints"])
    resized = torch.from_numpy(out["resized_for_patching"].copy()).double()
    base = torch.from_numpy(out["base_resized"].copy()).double()
    if exact:
        if not (torch.equal(resized, torch.from_numpy(image).double()) and torch.equal(base, resized)):
            raise AssertionError("same-size resizes changed the image")
    rh, rw = resized.shape[:2]
    if rh != best[0] and rw != best[1]:
        raise AssertionError(f"resize for patching {(rh, rw)} does not fill one side of {best}")
    canvas = torch.zeros(best[0], best[1], 3, dtype=torch.float64)
    top, left = (best[0] - rh) // 2, (best[1] - rw) // 2
    canvas[top:top + rh, left:left + rw] = resized
    views = [base] + [canvas[r * crop:(r + 1) * crop, c * crop:(c + 1) * crop]
                      for r in range(best[0] // crop) for c in range(best[1] // crop)]
    mean = torch.tensor(cfg["image_mean"], dtype=torch.float64)
    std = torch.tensor(cfg["image_std"], dtype=torch.float64)
    expected = torch.stack([((v / 255 - mean) / std).permute(2, 0, 1) for v in views])
    _close("llava_next processor vs torch rebuild", torch.from_numpy(out["pixel_values"]).double(), expected, 2e-6)
