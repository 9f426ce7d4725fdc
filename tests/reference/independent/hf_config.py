"""Resolution of a HF LLaVA / LLaVA-NeXT config.json into explicit values, applying HF's defaults.

Defaults follow transformers' LlavaConfig, LlavaNextConfig, CLIPVisionConfig, SiglipVisionConfig,
LlamaConfig and Qwen2Config constructor defaults: a key absent from config.json takes these values in HF.
"""

LLAVA_DEFAULTS = {
    "image_token_index": 32000,
    "projector_hidden_act": "gelu",
    "vision_feature_select_strategy": "default",
    "vision_feature_layer": -2,
    "multimodal_projector_bias": True,
    "tie_word_embeddings": False,
}

# LlavaNextConfig: LlavaConfig's keys (same defaults) plus the anyres grid, given as [height, width] pairs.
LLAVA_NEXT_DEFAULTS = {
    **LLAVA_DEFAULTS,
    "image_grid_pinpoints": [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]],
}

# LlavaOnevisionConfig: its own defaults (SigLIP "full" features of the last layer, Qwen2's image token id,
# anyres_max_9, and every [384 i, 384 j] pinpoint for i, j in 1..6).
LLAVA_ONEVISION_DEFAULTS = {
    "image_token_index": 151646,
    "projector_hidden_act": "gelu",
    "vision_feature_select_strategy": "full",
    "vision_feature_layer": -1,
    "vision_aspect_ratio": "anyres_max_9",
    "multimodal_projector_bias": True,
    "tie_word_embeddings": False,
    "image_grid_pinpoints": [[384 * i, 384 * j] for i in range(1, 7) for j in range(1, 7)],
}

TOP_LEVEL_DEFAULTS = {"llava": LLAVA_DEFAULTS, "llava_next": LLAVA_NEXT_DEFAULTS,
                      "llava_onevision": LLAVA_ONEVISION_DEFAULTS}

# LlavaConfig: vision_config without "model_type" is a CLIP vision config.
CLIP_VISION_DEFAULTS = {
    "model_type": "clip_vision_model",
    "hidden_size": 768,
    "intermediate_size": 3072,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "num_channels": 3,
    "image_size": 224,
    "patch_size": 32,
    "hidden_act": "quick_gelu",
    "layer_norm_eps": 1e-5,
}

# SiglipVisionConfig (vision_config.model_type "siglip_vision_model"). vision_use_head is not a
# constructor argument of SiglipVisionConfig: SiglipVisionTransformer reads it with
# `True if not hasattr(config, "vision_use_head") else config.vision_use_head`, so absent -> true.
SIGLIP_VISION_DEFAULTS = {
    "model_type": "siglip_vision_model",
    "hidden_size": 768,
    "intermediate_size": 3072,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "num_channels": 3,
    "image_size": 224,
    "patch_size": 16,
    "hidden_act": "gelu_pytorch_tanh",
    "layer_norm_eps": 1e-6,
    "vision_use_head": True,
}

VISION_DEFAULTS = {
    "clip_vision_model": CLIP_VISION_DEFAULTS,
    "siglip_vision_model": SIGLIP_VISION_DEFAULTS,
}

# num_key_value_heads None -> num_attention_heads; head_dim None -> hidden_size // num_attention_heads.
_DECODER_COMMON_DEFAULTS = {
    "num_key_value_heads": None,
    "head_dim": None,
    "hidden_act": "silu",
    "rms_norm_eps": 1e-6,
    "rope_theta": 10000.0,
    "rope_scaling": None,
    "tie_word_embeddings": False,
}

TEXT_DEFAULTS = {
    "llama": {
        **_DECODER_COMMON_DEFAULTS,
        "vocab_size": 32000,
        "hidden_size": 4096,
        "intermediate_size": 11008,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
        "attention_bias": False,
        "mlp_bias": False,
    },
    "qwen2": {
        **_DECODER_COMMON_DEFAULTS,
        "vocab_size": 151936,
        "hidden_size": 4096,
        "intermediate_size": 22016,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
        "num_key_value_heads": 32,
        "use_sliding_window": False,
    },
}


def _with_defaults(raw, defaults):
    return {**defaults, **raw}


def _resolve_rope_theta(text):
    """Legacy configs carry rope_theta/rope_scaling; transformers v5 writes rope_parameters."""
    rope_parameters = text.get("rope_parameters")
    if rope_parameters is not None:
        rope_type = rope_parameters.get("rope_type", "default")
        if rope_type != "default":
            raise ValueError(f"text_config.rope_parameters.rope_type '{rope_type}' is not supported")
        return float(rope_parameters.get("rope_theta", text["rope_theta"]))
    scaling = text["rope_scaling"]
    if scaling is not None and scaling.get("rope_type", scaling.get("type")) != "default":
        raise ValueError(f"text_config.rope_scaling {scaling} is not supported (only default RoPE)")
    return float(text["rope_theta"])


def resolve_text_config(raw_text):
    # LlavaConfig: text_config without "model_type" is a Llama config.
    model_type = raw_text.get("model_type", "llama")
    if model_type not in TEXT_DEFAULTS:
        raise ValueError(f"text_config.model_type '{model_type}' is not supported")
    text = _with_defaults(raw_text, TEXT_DEFAULTS[model_type])
    text["model_type"] = model_type
    if text["num_key_value_heads"] is None:
        text["num_key_value_heads"] = text["num_attention_heads"]
    if text["head_dim"] is None:
        text["head_dim"] = text["hidden_size"] // text["num_attention_heads"]
    text["rope_theta"] = _resolve_rope_theta(text)
    if text.get("use_sliding_window", False):
        raise ValueError("text_config.use_sliding_window true is not supported")
    if model_type == "llama" and text["mlp_bias"]:
        raise ValueError("text_config.mlp_bias true is not supported")
    return text


def resolve_vision_config(raw_vision):
    # LlavaConfig: vision_config without "model_type" is a CLIP vision config.
    model_type = raw_vision.get("model_type", "clip_vision_model")
    if model_type not in VISION_DEFAULTS:
        raise ValueError(f"vision_config.model_type '{model_type}' is not supported")
    vision = _with_defaults(raw_vision, VISION_DEFAULTS[model_type])
    vision["model_type"] = model_type
    return vision


def vision_has_cls_token(vision):
    """CLIP prepends a class token to the patches; SigLIP has none."""
    return vision["model_type"] == "clip_vision_model"


def feature_layers(config):
    """vision_feature_layer as a list: an int selects one hidden state, a list concatenates several."""
    layer = config["vision_feature_layer"]
    return [layer] if isinstance(layer, int) else list(layer)


def resolve_config(raw):
    """Returns {top-level keys..., "vision_config": {...}, "text_config": {...}} fully explicit."""
    model_type = raw.get("model_type")
    if model_type not in TOP_LEVEL_DEFAULTS:
        raise ValueError(f"config model_type '{model_type}' is not 'llava', 'llava_next' or 'llava_onevision'")
    config = _with_defaults(raw, TOP_LEVEL_DEFAULTS[model_type])
    raw_vision, raw_text = raw.get("vision_config", {}), raw.get("text_config", {})
    if model_type == "llava_onevision":
        # LlavaOnevisionConfig: sub-configs without "model_type" are SigLIP and Qwen2.
        raw_vision = {"model_type": "siglip_vision_model", **raw_vision}
        raw_text = {"model_type": "qwen2", **raw_text}
    config["vision_config"] = resolve_vision_config(raw_vision)
    config["text_config"] = resolve_text_config(raw_text)
    if config["vision_feature_select_strategy"] not in ("default", "full"):
        raise ValueError(f"vision_feature_select_strategy '{config['vision_feature_select_strategy']}' unknown")
    layers = config["vision_feature_layer"]
    if not (isinstance(layers, int) or (isinstance(layers, list) and layers and all(isinstance(i, int) for i in layers))):
        raise ValueError(f"vision_feature_layer must be an int or a non-empty list of ints, found {layers!r}")
    n_states = config["vision_config"]["num_hidden_layers"] + 1
    for i in feature_layers(config):
        if not -n_states <= i < n_states:
            raise ValueError(f"vision_feature_layer {i} is out of range for {n_states} hidden states")
    # HF would slice off the first patch of a SigLIP tower ("default" assumes a CLS token); refuse it.
    if config["vision_feature_select_strategy"] == "default" and not vision_has_cls_token(config["vision_config"]):
        raise ValueError("vision_feature_select_strategy 'default' drops a CLS token; a SigLIP tower has none (use 'full')")
    if model_type in ("llava_next", "llava_onevision"):
        _check_llava_next(config)
    if model_type == "llava_onevision":
        import llava_onevision  # local import: it imports hf_reference, which imports this module

        llava_onevision.max_num_patches(config)
    # LlavaConfig forwards text_config.tie_word_embeddings when the top-level flag is false.
    config["tie_word_embeddings"] = bool(
        config["tie_word_embeddings"] or config["text_config"]["tie_word_embeddings"]
    )
    return config


def _check_llava_next(config):
    """LlavaNextModel.pack_image_features views each tile's features as a (side, side) patch grid.

    That only works when a view yields exactly (image_size / patch_size)^2 features: CLIP under
    "default" (CLS dropped) or SigLIP under "full". With CLIP + "full" (17 rows per view here) HF's
    `view(rows, cols, side, side, -1)` either fails or mixes rows into the feature axis, and the
    image_newline concatenation then raises (a size mismatch on the feature axis), so it is refused.
    """
    vision = config["vision_config"]
    if vision_has_cls_token(vision) and config["vision_feature_select_strategy"] != "default":
        raise ValueError("llava_next with a CLIP tower needs vision_feature_select_strategy 'default' "
                         "(HF's anyres packing fails when the CLS token is kept)")
    if vision["image_size"] % vision["patch_size"] != 0:
        raise ValueError("vision image_size must be a multiple of patch_size")
    pinpoints = config["image_grid_pinpoints"]
    if not (isinstance(pinpoints, list) and pinpoints and all(isinstance(p, list) and len(p) == 2 for p in pinpoints)):
        raise ValueError(f"image_grid_pinpoints must be a list of [height, width] pairs, found {pinpoints!r}")
    for height, width in pinpoints:
        if height % vision["image_size"] or width % vision["image_size"]:
            raise ValueError(f"image_grid_pinpoint {[height, width]} is not a multiple of image_size {vision['image_size']}")
