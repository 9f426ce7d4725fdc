"""Independent functional re-implementation of HF LlavaForConditionalGeneration's forward pass
(and, through llava_next.py, LlavaNextForConditionalGeneration's).

CLIP or SigLIP vision tower -> feature layer selection -> 2-layer MLP projector -> image features
scattered into the token embeddings -> Llama/Qwen2 decoder -> lm_head. Written from HF's modeling
code (modeling_llava.py, modeling_clip.py, modeling_siglip.py, modeling_llama.py,
modeling_qwen2.py), full-sequence
prefill only (no KV cache), no attention padding mask, position_ids = arange(L).

Weights are addressed by HF's current ("new") names; see `canonical_weight_names`.
"""

import json
import math
import os
import re

import torch

from hf_config import feature_layers, resolve_config
from safetensors_io import read_safetensors

# HF LlavaForConditionalGeneration._checkpoint_conversion_mapping: old names -> new names.
# LlavaNextForConditionalGeneration's adds "^image_newline" -> "model.image_newline".
CHECKPOINT_CONVERSION = [
    (r"^language_model\.model", "model.language_model"),
    (r"^vision_tower", "model.vision_tower"),
    (r"^multi_modal_projector", "model.multi_modal_projector"),
    (r"^image_newline", "model.image_newline"),
    (r"^language_model\.lm_head", "lm_head"),
]

VISION = "model.vision_tower.vision_model"
PROJECTOR = "model.multi_modal_projector"
TEXT = "model.language_model"
IMAGE_NEWLINE = "model.image_newline"  # LLaVA-NeXT and OneVision only: [D_text]


def canonical_weight_names(weights):
    renamed = {}
    for name, tensor in weights.items():
        for pattern, replacement in CHECKPOINT_CONVERSION:
            name = re.sub(pattern, replacement, name)
        renamed[name] = tensor
    return renamed


def load_checkpoint(directory):
    """Reads config.json and model.safetensors or the sharded model.safetensors.index.json."""
    with open(os.path.join(directory, "config.json")) as f:
        config = resolve_config(json.load(f))
    index_path = os.path.join(directory, "model.safetensors.index.json")
    if os.path.exists(index_path):
        with open(index_path) as f:
            weight_map = json.load(f)["weight_map"]
        weights = {}
        for shard in sorted(set(weight_map.values())):
            weights.update(read_safetensors(os.path.join(directory, shard)))
        if set(weights) != set(weight_map):
            raise ValueError(f"{index_path}: weight_map does not match the tensors in the shards")
    else:
        weights = read_safetensors(os.path.join(directory, "model.safetensors"))
    return config, canonical_weight_names(weights)


# ---------------------------------------------------------------- elementary ops


def linear(x, weight, bias=None):
    y = x @ weight.T
    return y if bias is None else y + bias


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)  # biased variance, as nn.LayerNorm
    return (x - mean) / torch.sqrt(var + eps) * weight + bias


def rms_norm(x, weight, eps):
    # HF LlamaRMSNorm/Qwen2RMSNorm: variance in float32 (float64 here when computing in float64).
    compute = torch.float64 if x.dtype == torch.float64 else torch.float32
    h = x.to(compute)
    h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return weight * h.to(x.dtype)


def gelu_erf(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def quick_gelu(x):
    return x * torch.sigmoid(1.702 * x)


def silu(x):
    return x * torch.sigmoid(x)


# HF ACT2FN names -> functions ("gelu" is the exact erf GELU).
ACTIVATIONS = {
    "gelu": gelu_erf,
    "gelu_pytorch_tanh": gelu_tanh,
    "gelu_new": gelu_tanh,
    "quick_gelu": quick_gelu,
    "silu": silu,
}


def activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"activation '{name}' is not supported")
    return ACTIVATIONS[name]


def softmax(scores):
    scores = scores - scores.max(-1, keepdim=True).values
    e = torch.exp(scores)
    return e / e.sum(-1, keepdim=True)


# ---------------------------------------------------------------- CLIP vision tower


def patch_embedding(pixel_values, weight, patch, bias=None):
    """Conv2d(kernel=stride=patch) written as a matmul; patches in row-major grid order.

    CLIP's conv has no bias, SigLIP's has one.
    """
    b, c, h, w = pixel_values.shape
    gh, gw = h // patch, w // patch
    x = pixel_values.reshape(b, c, gh, patch, gw, patch)
    x = x.permute(0, 2, 4, 1, 3, 5).reshape(b, gh * gw, c * patch * patch)  # [B, N, C*P*P]
    y = x @ weight.reshape(weight.shape[0], -1).T  # [B, N, D]
    return y if bias is None else y + bias


def _check_image_size(pixel_values, vision):
    size = vision["image_size"]
    if pixel_values.shape[-2:] != (size, size):
        raise ValueError(f"pixel_values {tuple(pixel_values.shape)} do not match image_size {size}")


def clip_embeddings(pixel_values, w, vision):
    _check_image_size(pixel_values, vision)
    p = f"{VISION}.embeddings"
    patches = patch_embedding(pixel_values, w[f"{p}.patch_embedding.weight"], vision["patch_size"])
    cls = w[f"{p}.class_embedding"].expand(patches.shape[0], 1, -1)
    x = torch.cat([cls, patches], dim=1)  # [B, 1+N, D]
    return x + w[f"{p}.position_embedding.weight"]


def clip_attention(x, w, p, num_heads):
    b, t, d = x.shape
    head_dim = d // num_heads

    def heads(name):
        y = linear(x, w[f"{p}.{name}.weight"], w[f"{p}.{name}.bias"])
        return y.reshape(b, t, num_heads, head_dim).transpose(1, 2)  # [B, H, T, Dh]

    q, k, v = heads("q_proj"), heads("k_proj"), heads("v_proj")
    probs = softmax((q @ k.transpose(-1, -2)) * head_dim**-0.5)  # [B, H, T, T], no mask
    out = (probs @ v).transpose(1, 2).reshape(b, t, d)
    return linear(out, w[f"{p}.out_proj.weight"], w[f"{p}.out_proj.bias"])


def clip_encoder_layer(x, w, p, vision):
    eps = vision["layer_norm_eps"]
    h = layer_norm(x, w[f"{p}.layer_norm1.weight"], w[f"{p}.layer_norm1.bias"], eps)
    x = x + clip_attention(h, w, f"{p}.self_attn", vision["num_attention_heads"])
    h = layer_norm(x, w[f"{p}.layer_norm2.weight"], w[f"{p}.layer_norm2.bias"], eps)
    h = linear(h, w[f"{p}.mlp.fc1.weight"], w[f"{p}.mlp.fc1.bias"])
    h = activation(vision["hidden_act"])(h)
    return x + linear(h, w[f"{p}.mlp.fc2.weight"], w[f"{p}.mlp.fc2.bias"])


def clip_hidden_states(pixel_values, w, vision):
    """HF output_hidden_states: [pre_layrnorm output, layer 1 output, ..., layer N output].

    post_layernorm only feeds the pooled output, which LLaVA never uses.
    """
    x = clip_embeddings(pixel_values, w, vision)
    eps = vision["layer_norm_eps"]
    x = layer_norm(x, w[f"{VISION}.pre_layrnorm.weight"], w[f"{VISION}.pre_layrnorm.bias"], eps)
    states = [x]
    for i in range(vision["num_hidden_layers"]):
        x = clip_encoder_layer(x, w, f"{VISION}.encoder.layers.{i}", vision)
        states.append(x)
    return states


# ---------------------------------------------------------------- SigLIP vision tower


def siglip_embeddings(pixel_values, w, vision):
    """SiglipVisionEmbeddings: Conv2d with bias, no class token, num_patches position rows, no pre-norm."""
    _check_image_size(pixel_values, vision)
    p = f"{VISION}.embeddings"
    patches = patch_embedding(pixel_values, w[f"{p}.patch_embedding.weight"], vision["patch_size"],
                              w[f"{p}.patch_embedding.bias"])  # [B, N, D]
    return patches + w[f"{p}.position_embedding.weight"]


def siglip_hidden_states(pixel_values, w, vision):
    """HF output_hidden_states: [embeddings output, layer 1 output, ..., layer N output].

    SiglipEncoderLayer has CLIP's structure and names. post_layernorm only feeds last_hidden_state
    and the pooling head (`head.*`, when vision_use_head), neither of which LLaVA uses.
    """
    x = siglip_embeddings(pixel_values, w, vision)
    states = [x]
    for i in range(vision["num_hidden_layers"]):
        x = clip_encoder_layer(x, w, f"{VISION}.encoder.layers.{i}", vision)
        states.append(x)
    return states


def vision_hidden_states(pixel_values, w, vision):
    if vision["model_type"] == "siglip_vision_model":
        return siglip_hidden_states(pixel_values, w, vision)
    return clip_hidden_states(pixel_values, w, vision)


# ---------------------------------------------------------------- projector and merge


def image_features(pixel_values, w, config):
    """HF LlavaModel.get_image_features: one hidden state, or several concatenated on the feature axis.

    pixel_values [N, C, H, W] -> projector output [N, T, D_text] (N images for LLaVA, N views for LLaVA-NeXT).
    """
    states = vision_hidden_states(pixel_values, w, config["vision_config"])
    selected = [states[i] for i in feature_layers(config)]
    if config["vision_feature_select_strategy"] == "default":
        selected = [s[:, 1:] for s in selected]  # drop CLS (CLIP only; hf_config refuses it for SigLIP)
    selected = torch.cat(selected, dim=-1)  # [B, T, D_vision * len(layers)]
    return project(selected, w, config)


def project(selected, w, config):
    """LlavaMultiModalProjector / LlavaNextMultiModalProjector: linear_2(act(linear_1(x)))."""
    bias = config["multimodal_projector_bias"]
    h = linear(selected, w[f"{PROJECTOR}.linear_1.weight"], w[f"{PROJECTOR}.linear_1.bias"] if bias else None)
    h = activation(config["projector_hidden_act"])(h)
    return linear(h, w[f"{PROJECTOR}.linear_2.weight"], w[f"{PROJECTOR}.linear_2.bias"] if bias else None)


def merge_image_features(input_ids, embeds, features, image_token_index):
    """masked_scatter: image-token positions, in row-major (batch, position) order, take feature rows."""
    mask = input_ids == image_token_index  # [B, L]
    flat = features.reshape(-1, features.shape[-1])  # [num_images * T, D]
    if int(mask.sum()) != flat.shape[0]:
        raise ValueError(f"{int(mask.sum())} image tokens but {flat.shape[0]} image feature rows")
    merged = embeds.clone()
    merged[mask] = flat
    return merged


# ---------------------------------------------------------------- Llama / Qwen2 decoder


def rope_cos_sin(seq_len, head_dim, theta, dtype):
    """Default RoPE as HF computes it: inv_freq and angles in float32, cos/sin over cat(freqs, freqs)."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    positions = torch.arange(seq_len, dtype=torch.int64).float()
    freqs = torch.outer(positions, inv_freq)  # [L, Dh/2]
    emb = torch.cat([freqs, freqs], dim=-1)  # [L, Dh]
    return emb.cos().to(dtype), emb.sin().to(dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def apply_rope(x, cos, sin):
    return x * cos + rotate_half(x) * sin


def repeat_kv(x, n_rep):
    """[B, Hkv, L, Dh] -> [B, Hkv*n_rep, L, Dh]; query head h reads kv head h // n_rep."""
    return torch.repeat_interleave(x, n_rep, dim=1)


def causal_scores_mask(seq_len, dtype):
    return torch.full((seq_len, seq_len), float("-inf"), dtype=dtype).triu(1)


def decoder_attention(x, w, p, text, cos, sin):
    b, t, _ = x.shape
    nh, nkv, dh = text["num_attention_heads"], text["num_key_value_heads"], text["head_dim"]
    qkv_bias = text["model_type"] == "qwen2" or text["attention_bias"]
    o_bias = text["model_type"] == "llama" and text["attention_bias"]

    def proj(name, n_heads, has_bias):
        y = linear(x, w[f"{p}.{name}.weight"], w[f"{p}.{name}.bias"] if has_bias else None)
        return y.reshape(b, t, n_heads, dh).transpose(1, 2)  # [B, H, L, Dh]

    q = apply_rope(proj("q_proj", nh, qkv_bias), cos, sin)
    k = apply_rope(proj("k_proj", nkv, qkv_bias), cos, sin)
    v = proj("v_proj", nkv, qkv_bias)
    k, v = repeat_kv(k, nh // nkv), repeat_kv(v, nh // nkv)
    scores = (q @ k.transpose(-1, -2)) * dh**-0.5 + causal_scores_mask(t, x.dtype)  # [B, H, L, L]
    out = (softmax(scores) @ v).transpose(1, 2).reshape(b, t, nh * dh)
    return linear(out, w[f"{p}.o_proj.weight"], w[f"{p}.o_proj.bias"] if o_bias else None)


def decoder_layer(x, w, p, text, cos, sin):
    eps = text["rms_norm_eps"]
    x = x + decoder_attention(rms_norm(x, w[f"{p}.input_layernorm.weight"], eps), w, f"{p}.self_attn", text, cos, sin)
    h = rms_norm(x, w[f"{p}.post_attention_layernorm.weight"], eps)
    act = activation(text["hidden_act"])
    gated = act(linear(h, w[f"{p}.mlp.gate_proj.weight"])) * linear(h, w[f"{p}.mlp.up_proj.weight"])
    return x + linear(gated, w[f"{p}.mlp.down_proj.weight"])


def lm_head_weight(w, config):
    if config["tie_word_embeddings"]:
        return w[f"{TEXT}.embed_tokens.weight"]
    if "lm_head.weight" not in w:
        raise ValueError("tie_word_embeddings is false but the checkpoint has no lm_head.weight")
    return w["lm_head.weight"]


def merged_image_features(config, w, pixel_values, image_sizes=None):
    """The rows scattered into the image-token positions: [B, T, D] (LLaVA) or [T_total, D] (LLaVA-NeXT)."""
    if config["model_type"] == "llava_next":
        import llava_next  # local import: llava_next imports this module

        return llava_next.image_features(pixel_values, image_sizes, w, config)
    if config["model_type"] == "llava_onevision":
        import llava_onevision  # local import, as above

        return llava_onevision.image_features(pixel_values, image_sizes, w, config)
    return image_features(pixel_values, w, config)


def llava_logits(config, weights, input_ids, pixel_values, dtype=torch.float64, image_sizes=None):
    """Logits [B, L, V] of a full prefill, computed in `dtype` from the given weights.

    LLaVA: pixel_values [B, C, H, W]. LLaVA-NeXT: pixel_values [B, views, C, H, W] and image_sizes
    [B, 2] (original height, width).
    """
    w = {name: t.to(dtype) for name, t in weights.items()}
    text = config["text_config"]
    embeds = w[f"{TEXT}.embed_tokens.weight"][input_ids]  # [B, L, D]
    features = merged_image_features(config, w, pixel_values.to(dtype), image_sizes)
    x = merge_image_features(input_ids, embeds, features, config["image_token_index"])
    cos, sin = rope_cos_sin(input_ids.shape[1], text["head_dim"], text["rope_theta"], dtype)
    for i in range(text["num_hidden_layers"]):
        x = decoder_layer(x, w, f"{TEXT}.layers.{i}", text, cos, sin)
    x = rms_norm(x, w[f"{TEXT}.norm.weight"], text["rms_norm_eps"])
    return linear(x, lm_head_weight(w, config))
