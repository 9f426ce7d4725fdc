"""The fixture checkpoints: their config.json contents and how their weights are stored.

Each spec's "config" is written verbatim as config.json; keys it omits take HF defaults
(see hf_config.py and README.md). A spec's optional "preprocessor_config" is written as
preprocessor_config.json (sorted keys, as HF's image processors save it).
"""

LLAVA_LLAMA_OLD = {
    "name": "llava-llama-old",
    "seed": 101,
    "token_embedding_std": 0.004,
    "weight_names": "old",  # language_model.model.*, vision_tower.*, multi_modal_projector.*, language_model.lm_head
    "storage": "single-f32",
    "text_tokens": ([1, 17, 42, 8, 63], [23, 5, 77, 31, 90]),  # before / after the image tokens
    "config": {
        "architectures": ["LlavaForConditionalGeneration"],
        "model_type": "llava",
        "image_token_index": 96,
        # Omitted on purpose -> HF defaults: projector_hidden_act "gelu", vision_feature_layer -2,
        # vision_feature_select_strategy "default", multimodal_projector_bias true, tie_word_embeddings false.
        "vision_config": {
            # Omitted -> model_type "clip_vision_model", hidden_act "quick_gelu", layer_norm_eps 1e-5,
            # num_channels 3.
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_attention_heads": 4,
            "num_hidden_layers": 2,
            "image_size": 32,
            "patch_size": 8,
        },
        "text_config": {
            # Omitted -> model_type "llama", hidden_act "silu", rms_norm_eps 1e-6, rope_theta 10000,
            # head_dim hidden_size/num_attention_heads = 12, attention_bias false, tie_word_embeddings false.
            "hidden_size": 48,
            "intermediate_size": 96,
            "num_attention_heads": 4,
            "num_key_value_heads": 2,
            "num_hidden_layers": 2,
            "vocab_size": 100,
        },
    },
}

LLAVA_QWEN2_NEW = {
    "name": "llava-qwen2-new",
    "seed": 202,
    "token_embedding_std": 0.03,  # tied lm_head: keeps logits O(1)
    "weight_names": "new",  # model.language_model.*, model.vision_tower.*, model.multi_modal_projector.*, lm_head
    "storage": "single-f32",
    "text_tokens": ([3, 88, 14], [51, 9, 110, 36, 72, 4]),
    "config": {
        "architectures": ["LlavaForConditionalGeneration"],
        "model_type": "llava",
        "image_token_index": 117,
        "image_seq_length": 17,
        "projector_hidden_act": "gelu",
        "vision_feature_layer": -1,
        "vision_feature_select_strategy": "full",
        "multimodal_projector_bias": True,
        # No top-level tie_word_embeddings: LlavaConfig takes text_config's true.
        "vision_config": {
            "model_type": "clip_vision_model",
            "hidden_size": 32,
            "intermediate_size": 80,
            "num_attention_heads": 4,
            "num_hidden_layers": 2,
            "num_channels": 3,
            "image_size": 32,
            "patch_size": 8,
            "hidden_act": "gelu",
            "layer_norm_eps": 1e-6,
        },
        "text_config": {
            "model_type": "qwen2",
            "hidden_size": 64,
            "intermediate_size": 96,
            "num_attention_heads": 8,
            "num_key_value_heads": 2,
            "num_hidden_layers": 2,
            "vocab_size": 120,
            "hidden_act": "silu",
            "rms_norm_eps": 1e-5,
            "rope_theta": 1000000.0,
            "max_position_embeddings": 4096,
            "tie_word_embeddings": True,
            "use_sliding_window": False,
            "sliding_window": 4096,
            "max_window_layers": 2,
        },
    },
}

LLAVA_LLAMA_SHARDED = {
    "name": "llava-llama-sharded",
    "seed": 303,
    "token_embedding_std": 0.004,
    "weight_names": "old",
    "storage": "sharded-bf16",  # model-0000{1,2}-of-00002.safetensors + model.safetensors.index.json
    "text_tokens": ([1, 7, 19], [44, 2, 61, 70]),
    "config": {
        "architectures": ["LlavaForConditionalGeneration"],
        "model_type": "llava",
        "torch_dtype": "bfloat16",
        "image_token_index": 50,
        "image_seq_length": 16,
        "projector_hidden_act": "gelu",
        "vision_feature_layer": 1,  # positive index: hidden_states[1] = output of the first CLIP layer
        "vision_feature_select_strategy": "default",
        "multimodal_projector_bias": False,  # no linear_1/linear_2 biases in the checkpoint
        "tie_word_embeddings": False,
        "vision_config": {
            "model_type": "clip_vision_model",
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_attention_heads": 4,
            "num_hidden_layers": 2,
            "num_channels": 3,
            "image_size": 32,
            "patch_size": 8,
            "hidden_act": "quick_gelu",
            "layer_norm_eps": 1e-5,
        },
        "text_config": {
            "model_type": "llama",
            "hidden_size": 48,
            "intermediate_size": 96,
            "num_attention_heads": 4,
            "num_key_value_heads": 2,
            "num_hidden_layers": 2,
            "vocab_size": 100,
            "hidden_act": "silu",
            "rms_norm_eps": 1e-5,
            "rope_theta": 10000.0,
            "attention_bias": False,
            "max_position_embeddings": 4096,
            "tie_word_embeddings": False,
        },
    },
}



def _siglip_preprocessor_config(image_size):
    """SiglipImageProcessor as HF saves it: a plain resize to image_size x image_size, no center crop."""
    return {
        "image_processor_type": "SiglipImageProcessor",
        "do_resize": True,
        "size": {"height": image_size, "width": image_size},
        "resample": 3,  # PIL bicubic
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": [0.5, 0.5, 0.5],
        "image_std": [0.5, 0.5, 0.5],
    }


LLAVA_SIGLIP_QWEN2 = {
    "name": "llava-siglip-qwen2",
    "seed": 404,
    "token_embedding_std": 0.03,  # tied lm_head: keeps logits O(1)
    "weight_names": "new",
    "storage": "single-f32",
    "text_tokens": ([3, 88, 14, 60], [51, 9, 110, 36, 72]),
    "preprocessor_config": _siglip_preprocessor_config(32),
    "config": {
        "architectures": ["LlavaForConditionalGeneration"],
        "model_type": "llava",
        "image_token_index": 117,
        "image_seq_length": 16,
        "projector_hidden_act": "gelu",
        "vision_feature_layer": -1,
        "vision_feature_select_strategy": "full",  # SigLIP has no CLS token: all 16 patches
        "multimodal_projector_bias": True,
        # No top-level tie_word_embeddings: LlavaConfig takes text_config's true.
        "vision_config": {
            # Omitted -> SiglipVisionConfig defaults: hidden_act "gelu_pytorch_tanh", layer_norm_eps 1e-6,
            # num_channels 3; vision_use_head true (the checkpoint carries head.*, which LLaVA ignores).
            "model_type": "siglip_vision_model",
            "hidden_size": 32,
            "intermediate_size": 80,
            "num_attention_heads": 4,
            "num_hidden_layers": 2,
            "image_size": 32,
            "patch_size": 8,
        },
        "text_config": {
            "model_type": "qwen2",
            "hidden_size": 64,
            "intermediate_size": 96,
            "num_attention_heads": 8,
            "num_key_value_heads": 2,
            "num_hidden_layers": 2,
            "vocab_size": 120,
            "hidden_act": "silu",
            "rms_norm_eps": 1e-5,
            "rope_theta": 1000000.0,
            "max_position_embeddings": 4096,
            "tie_word_embeddings": True,
            "use_sliding_window": False,
            "sliding_window": 4096,
            "max_window_layers": 2,
        },
    },
}

LLAVA_SIGLIP_LLAMA = {
    "name": "llava-siglip-llama",
    "seed": 505,
    "token_embedding_std": 0.004,
    "weight_names": "old",
    "storage": "single-f32",
    "text_tokens": ([1, 12, 40], [23, 5, 77, 31, 90, 8]),
    "preprocessor_config": _siglip_preprocessor_config(32),
    "config": {
        "architectures": ["LlavaForConditionalGeneration"],
        "model_type": "llava",
        "image_token_index": 97,
        "image_seq_length": 16,
        "projector_hidden_act": "gelu",
        # Two hidden states (layer 1 and layer 2 outputs) concatenated: projector input 2 * 32 = 64.
        "vision_feature_layer": [-2, -1],
        "vision_feature_select_strategy": "full",
        "multimodal_projector_bias": True,
        "tie_word_embeddings": False,
        "vision_config": {
            "model_type": "siglip_vision_model",
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_attention_heads": 4,
            "num_hidden_layers": 2,
            "num_channels": 3,
            "image_size": 32,
            "patch_size": 8,
            "hidden_act": "gelu_pytorch_tanh",
            "layer_norm_eps": 1e-6,
            "vision_use_head": False,  # no head.* in the checkpoint
        },
        "text_config": {
            "model_type": "llama",
            "hidden_size": 48,
            "intermediate_size": 96,
            "num_attention_heads": 4,
            "num_key_value_heads": 2,
            "num_hidden_layers": 2,
            "vocab_size": 100,
            "hidden_act": "silu",
            "rms_norm_eps": 1e-5,
            "rope_theta": 10000.0,
            "attention_bias": False,
            "max_position_embeddings": 4096,
            "tie_word_embeddings": False,
        },
    },
}

# ---------------------------------------------------------------- LLaVA-NeXT (anyres)

# HF's default pinpoints [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]] scaled from
# 336 to the tiny tower's image_size 32 (a 1x2, 2x1, 2x2, 3x1 and 1x3 grid of 32-pixel tiles).
TINY_PINPOINTS = [[32, 64], [64, 32], [64, 64], [96, 32], [32, 96]]
# With a 1x1 pinpoint (equal to image_size): base view + one tile.
SINGLE_TILE_PINPOINTS = [[32, 32], [32, 64], [64, 32], [64, 64]]

_TINY_CLIP = {
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_attention_heads": 4,
    "num_hidden_layers": 2,
    "image_size": 32,
    "patch_size": 8,
}

LLAVA_NEXT_LLAMA = {
    "name": "llava-next-llama",
    "seed": 606,
    "token_embedding_std": 0.004,
    "weight_names": "old",  # ..., plus the top-level image_newline
    "storage": "single-f32",
    "text_tokens": ([1, 17, 42, 8], [23, 5, 77, 31, 90]),
    # (height, width): landscape; best pinpoint [64, 64] -> 2x2 tiles, 5 views; the 8 x 8 feature grid is
    # cropped to rows 1..6 (new height int(round(50 * 8 / 75, 7)) = 5, padding (8 - 5) // 2 = 1 per side,
    # so 6 rows stay, not 5): unpadded 6 x 8.
    "image_size": (50, 75),
    "config": {
        "architectures": ["LlavaNextForConditionalGeneration"],
        "model_type": "llava_next",
        "image_token_index": 96,
        "image_grid_pinpoints": TINY_PINPOINTS,
        # Omitted on purpose -> LlavaNextConfig defaults: projector_hidden_act "gelu", vision_feature_layer -2,
        # vision_feature_select_strategy "default", multimodal_projector_bias true, tie_word_embeddings false.
        "vision_config": dict(_TINY_CLIP),  # model_type "clip_vision_model", quick_gelu, eps 1e-5 by default
        "text_config": {
            "hidden_size": 48,
            "intermediate_size": 96,
            "num_attention_heads": 4,
            "num_key_value_heads": 2,
            "num_hidden_layers": 2,
            "vocab_size": 100,
        },
    },
}

LLAVA_NEXT_QWEN2 = {
    "name": "llava-next-qwen2",
    "seed": 707,
    "token_embedding_std": 0.03,  # tied lm_head: keeps logits O(1)
    "weight_names": "new",  # model.image_newline
    "storage": "single-f32",
    "text_tokens": ([3, 88, 14], [51, 9, 110, 36, 72, 4]),
    # Tall portrait; best pinpoint [96, 32] -> 3x1 tiles, 4 views; the 12 x 4 feature grid loses one column
    # each side (new width int(round(30 * 12 / 130, 7)) = 2): unpadded 12 x 2.
    "image_size": (130, 30),
    "config": {
        "architectures": ["LlavaNextForConditionalGeneration"],
        "model_type": "llava_next",
        "image_token_index": 117,
        "image_grid_pinpoints": TINY_PINPOINTS,
        "projector_hidden_act": "gelu",
        "vision_feature_layer": -1,
        # "full" (CLS kept) cannot be packed into the anyres grid by HF (an error): CLIP needs "default".
        "vision_feature_select_strategy": "default",
        "multimodal_projector_bias": True,
        "tie_word_embeddings": True,
        "vision_config": {
            "model_type": "clip_vision_model",
            "hidden_size": 32,
            "intermediate_size": 80,
            "num_attention_heads": 4,
            "num_hidden_layers": 2,
            "num_channels": 3,
            "image_size": 32,
            "patch_size": 8,
            "hidden_act": "gelu",
            "layer_norm_eps": 1e-6,
        },
        "text_config": {
            "model_type": "qwen2",
            "hidden_size": 64,
            "intermediate_size": 96,
            "num_attention_heads": 8,
            "num_key_value_heads": 2,
            "num_hidden_layers": 2,
            "vocab_size": 120,
            "hidden_act": "silu",
            "rms_norm_eps": 1e-5,
            "rope_theta": 1000000.0,
            "max_position_embeddings": 4096,
            "tie_word_embeddings": True,
            "use_sliding_window": False,
            "sliding_window": 4096,
            "max_window_layers": 2,
        },
    },
}

LLAVA_NEXT_SINGLE = {
    "name": "llava-next-single",
    "seed": 808,
    "token_embedding_std": 0.004,
    "weight_names": "new",
    "storage": "single-f32",
    "text_tokens": ([1, 7, 19], [44, 2, 61, 70]),
    # Wide and small; best pinpoint [32, 32] -> a 1x1 grid: base view + 1 tile (2 views); unpadded 2 x 4.
    "image_size": (12, 30),
    "config": {
        "architectures": ["LlavaNextForConditionalGeneration"],
        "model_type": "llava_next",
        "image_token_index": 50,
        "image_grid_pinpoints": SINGLE_TILE_PINPOINTS,
        "projector_hidden_act": "gelu",
        "vision_feature_layer": -2,
        "vision_feature_select_strategy": "default",
        "multimodal_projector_bias": False,  # no linear_1/linear_2 biases
        "tie_word_embeddings": False,
        "vision_config": {
            "model_type": "clip_vision_model",
            **_TINY_CLIP,
            "num_channels": 3,
            "hidden_act": "quick_gelu",
            "layer_norm_eps": 1e-5,
        },
        "text_config": {
            "model_type": "llama",
            "hidden_size": 48,
            "intermediate_size": 96,
            "num_attention_heads": 4,
            "num_key_value_heads": 2,
            "num_hidden_layers": 2,
            "vocab_size": 100,
            "hidden_act": "silu",
            "rms_norm_eps": 1e-5,
            "rope_theta": 10000.0,
            "attention_bias": False,
            "max_position_embeddings": 4096,
            "tie_word_embeddings": False,
        },
    },
}

LLAVA_NEXT_FIXTURES = [LLAVA_NEXT_LLAMA, LLAVA_NEXT_QWEN2, LLAVA_NEXT_SINGLE]

# ---------------------------------------------------------------- LLaVA-OneVision (anyres_max_N)

_TINY_SIGLIP = {
    "model_type": "siglip_vision_model",
    "hidden_size": 32,
    "intermediate_size": 80,
    "num_attention_heads": 4,
    "num_hidden_layers": 2,
    "image_size": 32,
    "patch_size": 8,
    "hidden_act": "gelu_pytorch_tanh",
    "layer_norm_eps": 1e-6,
    "vision_use_head": False,
}

_TINY_QWEN2 = {
    "model_type": "qwen2",
    "hidden_size": 64,
    "intermediate_size": 96,
    "num_attention_heads": 8,
    "num_key_value_heads": 2,
    "num_hidden_layers": 2,
    "vocab_size": 120,
    "hidden_act": "silu",
    "rms_norm_eps": 1e-6,
    "rope_theta": 1000000.0,
    "max_position_embeddings": 4096,
    "use_sliding_window": False,
    "sliding_window": 4096,
    "max_window_layers": 2,
}


def _onevision_preprocessor_config(image_size, pinpoints):
    """LlavaOnevisionImageProcessor as HF saves it (sorted keys): SigLIP normalisation, square resize, anyres pad."""
    return {
        "image_processor_type": "LlavaOnevisionImageProcessor",
        "do_convert_rgb": True,
        "do_normalize": True,
        "do_pad": True,
        "do_rescale": True,
        "do_resize": True,
        "image_grid_pinpoints": pinpoints,
        "image_mean": [0.5, 0.5, 0.5],
        "image_std": [0.5, 0.5, 0.5],
        "resample": 3,
        "rescale_factor": 1 / 255,
        "size": {"height": image_size, "width": image_size},
    }


def _onevision(name, seed, image_size, pinpoints, aspect, tied, weight_names, text_tokens, token_id):
    return {
        "name": name,
        "seed": seed,
        "token_embedding_std": 0.03 if tied else 0.004,  # tied lm_head: keeps logits O(1)
        "weight_names": weight_names,
        "storage": "single-f32",
        "text_tokens": text_tokens,
        "image_size": image_size,
        "preprocessor_config": _onevision_preprocessor_config(32, pinpoints),
        "config": {
            "architectures": ["LlavaOnevisionForConditionalGeneration"],
            "model_type": "llava_onevision",
            "image_token_index": token_id,
            "image_grid_pinpoints": pinpoints,
            "vision_aspect_ratio": aspect,
            "projector_hidden_act": "gelu",
            "vision_feature_layer": -1,
            "vision_feature_select_strategy": "full",
            "multimodal_projector_bias": True,
            "tie_word_embeddings": tied,
            "vision_config": _TINY_SIGLIP,
            "text_config": {**_TINY_QWEN2, "tie_word_embeddings": tied},
        },
    }


# (130, 30): best [96, 32], 3x1 tiles, map 12 x 4 -> columns 1..2 kept, 12 x 2; sqrt(24 / (9 * 16)) < 1.1:
# no downscale. 16 + 24 + 12 = 52 tokens.
LLAVA_ONEVISION_TILES = _onevision("llava-onevision-tiles", 901, (130, 30), TINY_PINPOINTS, "anyres_max_9", True,
                                   "new", ([3, 88, 14, 60], [51, 9, 110, 36, 72]), 117)
# (12, 30) with the 1x1 pinpoint: the base view and one tile covering the whole (padded) image, 2 x 4 unpadded.
LLAVA_ONEVISION_SINGLE = _onevision("llava-onevision-single", 902, (12, 30), SINGLE_TILE_PINPOINTS, "anyres_max_9",
                                    False, "old", ([1, 7, 19], [44, 2, 61, 70]), 118)
# (50, 75): best [64, 64], 2x2 tiles, map 8 x 8 -> rows 1..6 kept, 6 x 8; anyres_max_2: ratio sqrt(48 / 32) =
# 1.2247 > 1.1 -> bilinear to [int(6 // 1.2247), int(8 // 1.2247)] = 4 x 6. 16 + 24 + 4 = 44 tokens.
LLAVA_ONEVISION_DOWNSCALE = _onevision("llava-onevision-downscale", 903, (50, 75), TINY_PINPOINTS, "anyres_max_2",
                                       True, "new", ([5, 31, 8], [77, 12, 3, 99]), 119)

LLAVA_ONEVISION_FIXTURES = [LLAVA_ONEVISION_TILES, LLAVA_ONEVISION_SINGLE, LLAVA_ONEVISION_DOWNSCALE]

FIXTURES = [LLAVA_LLAMA_OLD, LLAVA_QWEN2_NEW, LLAVA_LLAMA_SHARDED, LLAVA_SIGLIP_QWEN2, LLAVA_SIGLIP_LLAMA,
            *LLAVA_NEXT_FIXTURES, *LLAVA_ONEVISION_FIXTURES]

# tests/fixtures/independent-llava-next-processor/: no checkpoint, only processor / geometry data.
# Images (height, width) for processor.safetensors: "square" needs no resampling at all (every resize is
# same-size, so any implementation must match exactly); "wide" goes through Pillow bicubic.
PROCESSOR_IMAGES = {"square": (32, 32), "wide": (25, 60)}
PROCESSOR_SEED = 909

# anyres_cases.json: (geometry, (height, width)). "tiny" = TINY_PINPOINTS / tile 32 / patch 8 (the fixtures);
# "tiny-single" = SINGLE_TILE_PINPOINTS; "llava-v1.6" = HF defaults, tile 336, patch 14 (real checkpoints).
ANYRES_GEOMETRIES = {
    "tiny": {"grid_pinpoints": TINY_PINPOINTS, "tile_size": 32, "patch_size": 8},
    "tiny-single": {"grid_pinpoints": SINGLE_TILE_PINPOINTS, "tile_size": 32, "patch_size": 8},
    "llava-v1.6": {"grid_pinpoints": [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]],
                   "tile_size": 336, "patch_size": 14},
}
ANYRES_CASES = [
    ("tiny", (50, 75)),      # landscape, 2x2 grid (fixture llava-next-llama)
    ("tiny", (130, 30)),     # tall portrait, 3x1 grid (fixture llava-next-qwen2)
    ("tiny", (40, 90)),      # landscape, 1x3 grid, odd remainder (9 of 12 columns -> 10 kept)
    ("tiny", (70, 30)),      # portrait, 3x1 grid, rows cropped
    ("tiny", (32, 32)),      # square (processor "square")
    ("tiny", (25, 60)),      # processor "wide"
    ("tiny", (5, 7)),        # tiny
    ("tiny", (3000, 4000)),  # huge
    ("tiny", (47, 188)),     # unpad rounding: 47 * (12 / 188) = 2.9999999999999996 -> round(., 7) gives 3, padding
                             # 0, all 4 rows kept: 68 tokens (a bare int() gives 2, padding 1, 2 rows: 42)
    ("tiny-single", (12, 30)),  # 1x1 grid (fixture llava-next-single)
    ("llava-v1.6", (480, 640)),    # a typical photo
    ("llava-v1.6", (1080, 1920)),  # landscape video frame
    ("llava-v1.6", (2000, 600)),   # tall portrait
    ("llava-v1.6", (10, 10)),      # tiny square
    ("llava-v1.6", (4000, 3000)),  # huge portrait
    ("llava-v1.6", (55, 176)),     # unpad rounding: 55 * (48 / 176) = 14.999999999999998 -> 15, padding 4, 16 rows:
                                   # 1360 tokens (a bare int() gives 14, padding 5, 14 rows: 1262)
]
