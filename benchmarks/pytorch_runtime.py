"""The same model in PyTorch, timed the way `bench-runtime` times it: prefill tokens/s (random embeddings into a fresh
KV cache, through the first token's logits), cached decode tokens/s, and vision-encoder images/s.

Idiomatic torch ops (F.linear, F.layer_norm, matmul + softmax attention, GQA by repeat), no autograd, float32 on the
CPU. Weights are read with the independent reference's safetensors reader, so any HF-layout LLaVA directory works,
e.g. one written by `bench-load --generate DIR --geometry llava-1.5 --dtype float32`.

    /usr/bin/python3 -B benchmarks/pytorch_runtime.py DIR [--prefill-tokens 290] [--decode-steps 16] [--repeats 1] [--threads 2]
"""
import argparse
import os
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "reference", "independent"))
from hf_reference import load_checkpoint  # noqa: E402

TEXT, VISION = "model.language_model", "model.vision_tower.vision_model"


def rope(positions, head_dim, theta):
    inv = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
    freqs = positions[:, None].float() * inv[None]
    emb = torch.cat([freqs, freqs], -1)
    return emb.cos(), emb.sin()


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + torch.cat([-x[..., half:], x[..., :half]], -1) * sin


class Decoder:
    def __init__(self, w, t):
        self.w, self.t = w, t
        self.heads, self.kv = t["num_attention_heads"], t["num_key_value_heads"]
        self.dim = t.get("head_dim") or t["hidden_size"] // self.heads

    def norm(self, x, weight):
        return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.t["rms_norm_eps"]))

    def forward(self, x, positions, cache):
        """x [1, S, D] at positions [S]; cache: per layer (keys, values) or None, appended to."""
        s = x.shape[1]
        cos, sin = rope(positions, self.dim, self.t["rope_theta"])
        past = 0 if cache[0] is None else cache[0][0].shape[2]
        mask = torch.full((s, past + s), float("-inf")).triu(past + 1) if s > 1 else None
        for i in range(self.t["num_hidden_layers"]):
            p = f"{TEXT}.layers.{i}"
            h = self.norm(x, self.w[f"{p}.input_layernorm.weight"])
            q = F.linear(h, self.w[f"{p}.self_attn.q_proj.weight"]).view(1, s, self.heads, self.dim).transpose(1, 2)
            k = F.linear(h, self.w[f"{p}.self_attn.k_proj.weight"]).view(1, s, self.kv, self.dim).transpose(1, 2)
            v = F.linear(h, self.w[f"{p}.self_attn.v_proj.weight"]).view(1, s, self.kv, self.dim).transpose(1, 2)
            q, k = rotate(q, cos, sin), rotate(k, cos, sin)
            if cache[i] is not None:
                k, v = torch.cat([cache[i][0], k], 2), torch.cat([cache[i][1], v], 2)
            cache[i] = (k, v)
            rep = self.heads // self.kv
            kr, vr = k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1)
            scores = q @ kr.transpose(-1, -2) / self.dim ** 0.5
            if mask is not None:
                scores = scores + mask
            o = (scores.softmax(-1) @ vr).transpose(1, 2).reshape(1, s, -1)
            x = x + F.linear(o, self.w[f"{p}.self_attn.o_proj.weight"])
            h = self.norm(x, self.w[f"{p}.post_attention_layernorm.weight"])
            gate = F.silu(F.linear(h, self.w[f"{p}.mlp.gate_proj.weight"]))
            x = x + F.linear(gate * F.linear(h, self.w[f"{p}.mlp.up_proj.weight"]), self.w[f"{p}.mlp.down_proj.weight"])
        return self.norm(x, self.w[f"{TEXT}.norm.weight"])

    def logits(self, hidden):
        return F.linear(hidden, self.w.get("lm_head.weight", self.w[f"{TEXT}.embed_tokens.weight"]))


def encode_image(w, v, layers, pixels):
    """CLIP tower up to the deepest feature layer."""
    p = v["patch_size"]
    x = F.conv2d(pixels, w[f"{VISION}.embeddings.patch_embedding.weight"], stride=p).flatten(2).transpose(1, 2)
    x = torch.cat([w[f"{VISION}.embeddings.class_embedding"].expand(1, 1, -1), x], 1) + w[f"{VISION}.embeddings.position_embedding.weight"]
    d, heads, eps = v["hidden_size"], v["num_attention_heads"], v.get("layer_norm_eps", 1e-5)
    x = F.layer_norm(x, (d,), w[f"{VISION}.pre_layrnorm.weight"], w[f"{VISION}.pre_layrnorm.bias"], eps)
    for i in range(layers):
        q_ = f"{VISION}.encoder.layers.{i}"
        h = F.layer_norm(x, (d,), w[f"{q_}.layer_norm1.weight"], w[f"{q_}.layer_norm1.bias"], eps)
        qkv = [F.linear(h, w[f"{q_}.self_attn.{n}_proj.weight"], w[f"{q_}.self_attn.{n}_proj.bias"]).view(1, -1, heads, d // heads).transpose(1, 2) for n in "qkv"]
        o = ((qkv[0] @ qkv[1].transpose(-1, -2) / (d // heads) ** 0.5).softmax(-1) @ qkv[2]).transpose(1, 2).reshape(1, -1, d)
        x = x + F.linear(o, w[f"{q_}.self_attn.out_proj.weight"], w[f"{q_}.self_attn.out_proj.bias"])
        h = F.layer_norm(x, (d,), w[f"{q_}.layer_norm2.weight"], w[f"{q_}.layer_norm2.bias"], eps)
        h = F.linear(h, w[f"{q_}.mlp.fc1.weight"], w[f"{q_}.mlp.fc1.bias"])
        x = x + F.linear(h * torch.sigmoid(1.702 * h), w[f"{q_}.mlp.fc2.weight"], w[f"{q_}.mlp.fc2.bias"])
    return x


def median_seconds(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    args = argparse.ArgumentParser()
    args.add_argument("model")
    args.add_argument("--prefill-tokens", type=int, default=290)
    args.add_argument("--decode-steps", type=int, default=16)
    args.add_argument("--repeats", type=int, default=1)
    args.add_argument("--threads", type=int, default=2)
    a = args.parse_args()
    torch.set_num_threads(a.threads)
    config, w = load_checkpoint(a.model)
    w = {k: t.float() for k, t in w.items()}
    t, v = config["text_config"], config["vision_config"]
    decoder = Decoder(w, t)
    torch.manual_seed(0)
    embeds = torch.randn(1, a.prefill_tokens, t["hidden_size"])
    positions = torch.arange(a.prefill_tokens)
    layer = config.get("vision_feature_layer", -2)
    vision_layers = max(layer if isinstance(layer, list) else [layer])
    vision_layers = vision_layers if vision_layers >= 0 else v["num_hidden_layers"] + 1 + vision_layers
    pixels = torch.randn(1, 3, v["image_size"], v["image_size"])

    with torch.no_grad():
        def prefill():
            cache = [None] * t["num_hidden_layers"]
            decoder.logits(decoder.forward(embeds, positions, cache)[:, -1]).argmax().item()
            return cache

        prefill_s = median_seconds(prefill, a.repeats)
        image_s = median_seconds(lambda: encode_image(w, v, vision_layers, pixels), a.repeats)
        cache = prefill()
        token = torch.randn(1, 1, t["hidden_size"])
        start = time.perf_counter()
        for step in range(a.decode_steps):
            hidden = decoder.forward(token, torch.tensor([a.prefill_tokens + step]), cache)
            next_id = decoder.logits(hidden[:, -1]).argmax().item()
            token = w[f"{TEXT}.embed_tokens.weight"][next_id].view(1, 1, -1)
        decode_s = time.perf_counter() - start
    blas = next((m.group(0) for m in [re.search(r"BLAS_INFO=\w+", torch.__config__.show())] if m), "BLAS_INFO=?")
    # Debian's build says "generic": the system libblas.so.3, which update-alternatives points at OpenBLAS (pthread).
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {blas}")
    print(f"prefill tokens/s ({a.prefill_tokens} tokens, median of {a.repeats}): {a.prefill_tokens / prefill_s:.1f}")
    print(f"decode tokens/s ({a.decode_steps} cached steps): {a.decode_steps / decode_s:.2f}")
    print(f"vision encoder images/s (median of {a.repeats}): {1 / image_s:.3f}")


if __name__ == "__main__":
    main()
