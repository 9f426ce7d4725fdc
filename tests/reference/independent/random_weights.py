"""Seeded random LLaVA weights, named as HF's current ("new") layout, plus the old-layout renaming.

Scales are large enough (std ~0.2) that logits are O(1) and every op visibly matters;
norm weights scatter around 1 and norm biases around 0 so a swapped weight/bias is caught.
A few scales are chosen so that the fixtures catch subtle mistakes (see sensitivity.py).
"""

import math

import torch

from hf_config import feature_layers
from hf_reference import IMAGE_NEWLINE, PROJECTOR, TEXT, VISION

WEIGHT_STD = 0.2
BIAS_STD = 0.1
# Tiny CLIP embeddings (class, positions, patch outputs) make pre_layrnorm's eps matter,
# so a wrong vision layer_norm_eps is caught.
VISION_EMBEDDING_STD = 0.003
# A narrow projector input keeps linear_1's outputs where erf-GELU and tanh-GELU differ most.
PROJECTOR_IN_STD = 0.07


class _Sampler:
    def __init__(self, seed):
        self.gen = torch.Generator().manual_seed(seed)
        self.weights = {}

    def normal(self, name, shape, std, mean=0.0):
        self.weights[name] = mean + std * torch.randn(*shape, generator=self.gen)

    def linear(self, name, out_dim, in_dim, bias, std=WEIGHT_STD):
        self.normal(f"{name}.weight", (out_dim, in_dim), std)
        if bias:
            self.normal(f"{name}.bias", (out_dim,), BIAS_STD)

    def layer_norm(self, name, dim):
        self.normal(f"{name}.weight", (dim,), 0.1, mean=1.0)
        self.normal(f"{name}.bias", (dim,), BIAS_STD)

    def rms_norm(self, name, dim):
        self.normal(f"{name}.weight", (dim,), 0.2, mean=1.0)


def _encoder_layers(s, vision):
    """CLIPEncoderLayer / SiglipEncoderLayer: the same modules and names."""
    d = vision["hidden_size"]
    for i in range(vision["num_hidden_layers"]):
        p = f"{VISION}.encoder.layers.{i}"
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            s.linear(f"{p}.self_attn.{proj}", d, d, bias=True)
        s.layer_norm(f"{p}.layer_norm1", d)
        s.linear(f"{p}.mlp.fc1", vision["intermediate_size"], d, bias=True)
        s.linear(f"{p}.mlp.fc2", d, vision["intermediate_size"], bias=True)
        s.layer_norm(f"{p}.layer_norm2", d)


def _siglip_vision_tower(s, vision):
    d, patch = vision["hidden_size"], vision["patch_size"]
    positions = (vision["image_size"] // patch) ** 2  # no class token: one row per patch
    fan_in = vision["num_channels"] * patch * patch
    patch_std = VISION_EMBEDDING_STD / math.sqrt(fan_in)
    p = f"{VISION}.embeddings"
    s.normal(f"{p}.patch_embedding.weight", (d, vision["num_channels"], patch, patch), patch_std)
    # The conv bias is as large as the patch and position terms, so dropping it shows.
    s.normal(f"{p}.patch_embedding.bias", (d,), VISION_EMBEDDING_STD)
    s.normal(f"{p}.position_embedding.weight", (positions, d), VISION_EMBEDDING_STD)
    _encoder_layers(s, vision)
    s.layer_norm(f"{VISION}.post_layernorm", d)  # feeds only last_hidden_state / the head, not LLaVA
    if vision["vision_use_head"]:
        # SiglipMultiheadAttentionPoolingHead: probe, nn.MultiheadAttention (packed in_proj), layernorm,
        # SiglipMLP. LLaVA never runs it; its presence tests that a loader skips it.
        h = f"{VISION}.head"
        s.normal(f"{h}.probe", (1, 1, d), WEIGHT_STD)
        s.normal(f"{h}.attention.in_proj_weight", (3 * d, d), WEIGHT_STD)
        s.normal(f"{h}.attention.in_proj_bias", (3 * d,), BIAS_STD)
        s.linear(f"{h}.attention.out_proj", d, d, bias=True)
        s.layer_norm(f"{h}.layernorm", d)
        s.linear(f"{h}.mlp.fc1", vision["intermediate_size"], d, bias=True)
        s.linear(f"{h}.mlp.fc2", d, vision["intermediate_size"], bias=True)


def _vision_tower(s, vision):
    if vision["model_type"] == "siglip_vision_model":
        _siglip_vision_tower(s, vision)
        return
    d, patch = vision["hidden_size"], vision["patch_size"]
    positions = (vision["image_size"] // patch) ** 2 + 1
    fan_in = vision["num_channels"] * patch * patch
    patch_std = VISION_EMBEDDING_STD / math.sqrt(fan_in)  # pixel_values have unit std
    s.normal(f"{VISION}.embeddings.patch_embedding.weight", (d, vision["num_channels"], patch, patch), patch_std)
    s.normal(f"{VISION}.embeddings.class_embedding", (d,), VISION_EMBEDDING_STD)
    s.normal(f"{VISION}.embeddings.position_embedding.weight", (positions, d), VISION_EMBEDDING_STD)
    s.layer_norm(f"{VISION}.pre_layrnorm", d)
    _encoder_layers(s, vision)
    # Unused by LLaVA (pooled output only) but present in real checkpoints.
    s.layer_norm(f"{VISION}.post_layernorm", d)


def _language_model(s, text, tied, token_embedding_std):
    d, inter = text["hidden_size"], text["intermediate_size"]
    q_dim = text["num_attention_heads"] * text["head_dim"]
    kv_dim = text["num_key_value_heads"] * text["head_dim"]
    qkv_bias = text["model_type"] == "qwen2" or text["attention_bias"]
    o_bias = text["model_type"] == "llama" and text["attention_bias"]
    s.normal(f"{TEXT}.embed_tokens.weight", (text["vocab_size"], d), token_embedding_std)
    for i in range(text["num_hidden_layers"]):
        p = f"{TEXT}.layers.{i}"
        s.linear(f"{p}.self_attn.q_proj", q_dim, d, qkv_bias)
        s.linear(f"{p}.self_attn.k_proj", kv_dim, d, qkv_bias)
        s.linear(f"{p}.self_attn.v_proj", kv_dim, d, qkv_bias)
        s.linear(f"{p}.self_attn.o_proj", d, q_dim, o_bias)
        s.linear(f"{p}.mlp.gate_proj", inter, d, bias=False)
        s.linear(f"{p}.mlp.up_proj", inter, d, bias=False)
        s.linear(f"{p}.mlp.down_proj", d, inter, bias=False)
        s.rms_norm(f"{p}.input_layernorm", d)
        s.rms_norm(f"{p}.post_attention_layernorm", d)
    s.rms_norm(f"{TEXT}.norm", d)
    if not tied:
        s.linear("lm_head", text["vocab_size"], d, bias=False)


def random_llava_weights(config, seed, token_embedding_std):
    """{new-layout name: float32 tensor} for a resolved config (hf_config.resolve_config).

    Small token embeddings make the first RMSNorm's eps matter for text tokens, so a wrong
    rms_norm_eps is caught; with tied embeddings they also scale the logits.
    """
    s = _Sampler(seed)
    _vision_tower(s, config["vision_config"])
    bias = config["multimodal_projector_bias"]
    # LlavaMultiModalProjector: linear_1 reads vision hidden_size * number of feature layers.
    d_vision = config["vision_config"]["hidden_size"] * len(feature_layers(config))
    d_text = config["text_config"]["hidden_size"]
    s.linear(f"{PROJECTOR}.linear_1", d_text, d_vision, bias, std=PROJECTOR_IN_STD)
    s.linear(f"{PROJECTOR}.linear_2", d_text, d_text, bias)
    _language_model(s, config["text_config"], config["tie_word_embeddings"], token_embedding_std)
    if config["model_type"] in ("llava_next", "llava_onevision"):
        # LlavaNextModel.image_newline [D_text] (HF inits it with std 1/sqrt(D)); sampled last so the LLaVA
        # fixtures' streams are unchanged. Unit-scale entries, comparable to the projector's outputs.
        s.normal(IMAGE_NEWLINE, (d_text,), 1.0)
    return s.weights


# Inverse of hf_reference.CHECKPOINT_CONVERSION: the pre-v4.52 layout most LLaVA checkpoints use.
_NEW_TO_OLD = [
    ("model.image_newline", "image_newline"),  # LLaVA-NeXT: a top-level parameter in the old layout
    ("model.language_model.", "language_model.model."),
    ("model.vision_tower.", "vision_tower."),
    ("model.multi_modal_projector.", "multi_modal_projector."),
    ("lm_head.", "language_model.lm_head."),
]


def to_old_names(weights):
    renamed = {}
    for name, tensor in weights.items():
        for new, old in _NEW_TO_OLD:
            if name.startswith(new):
                name = old + name[len(new):]
                break
        renamed[name] = tensor
    return renamed
