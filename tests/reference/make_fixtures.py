"""Tiny random LLaVA checkpoints with reference logits from HuggingFace transformers.

Writes one folder per fixture under the output directory (default tests/fixtures):
config.json + weights (HF layout) + inputs.safetensors (input_ids, pixel_values) + expected.safetensors (logits).
The C# test tests/Model/HfParityTests.cs loads each folder with the project's loader and compares logits.

Run where torch + transformers are installed:  python3 tests/reference/make_fixtures.py [OUT_DIR]
"""
import json
import os
import shutil
import sys

import torch
import transformers
from safetensors.torch import load_file, save_file
from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig, LlavaForConditionalGeneration, Qwen2Config

VOCAB, IMAGE_TOKEN = 100, 99


def vision_config():
    return CLIPVisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                            image_size=32, patch_size=8, projection_dim=16)


def llama_config(tie=False):
    return LlamaConfig(vocab_size=VOCAB, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                       num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                       tie_word_embeddings=tie)


def qwen2_config(tie=True):
    return Qwen2Config(vocab_size=VOCAB, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                       num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                       rope_theta=50000.0, tie_word_embeddings=tie)


def old_name(name):
    """transformers 5's names (model.vision_tower.embeddings...) to the classic llava-hf ones (vision_tower.vision_model...)."""
    for new, old in (("model.language_model.", "language_model.model."), ("model.vision_tower.", "vision_tower."),
                     ("model.multi_modal_projector.", "multi_modal_projector."), ("lm_head.", "language_model.lm_head.")):
        if name.startswith(new):
            name = old + name[len(new):]
            break
    if name.startswith("vision_tower.") and not name.startswith("vision_tower.vision_model."):
        name = "vision_tower.vision_model." + name[len("vision_tower."):]
    return name


def new_name(name):
    for old, new in (("language_model.model.", "model.language_model."), ("vision_tower.", "model.vision_tower."),
                     ("multi_modal_projector.", "model.multi_modal_projector."), ("language_model.lm_head.", "lm_head.")):
        if name.startswith(old):
            return new + name[len(old):]
    return name


def rewrite_layout(folder, rename):
    """Re-save every weight file of a save_pretrained folder under the other naming layout."""
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            meta = json.load(f)
        files = sorted(set(meta["weight_map"].values()))
        meta["weight_map"] = {rename(k): v for k, v in meta["weight_map"].items()}
        with open(index, "w") as f:
            json.dump(meta, f, indent=2)
    else:
        files = ["model.safetensors"]
    for file in files:
        path = os.path.join(folder, file)
        tensors = load_file(path)
        save_file({rename(k): v.contiguous() for k, v in tensors.items()}, path, metadata={"format": "pt"})


# Keys whose HF default equals the value used here; dropping them makes the loader fill in HF's defaults,
# as it must for real configs (llava-1.5's config.json omits most of them).
DEFAULTED = {"text_config": ["rms_norm_eps", "rope_parameters", "rope_theta", "hidden_act", "attention_bias", "mlp_bias"],
             "vision_config": ["hidden_act", "layer_norm_eps", "num_channels"],
             None: ["projector_hidden_act", "multimodal_projector_bias"]}


def drop_defaults(folder):
    path = os.path.join(folder, "config.json")
    with open(path) as f:
        config = json.load(f)
    for section, keys in DEFAULTED.items():
        target = config if section is None else config[section]
        for key in keys:
            target.pop(key, None)
    with open(path, "w") as f:
        json.dump(config, f, indent=2)


def make(out, name, text, feature_layer, strategy, layout, dtype=torch.float32, shard_size=None, seed=0, defaults=False):
    torch.manual_seed(seed)
    config = LlavaConfig(vision_config=vision_config().to_dict(), text_config=text.to_dict(), image_token_index=IMAGE_TOKEN,
                         vision_feature_layer=feature_layer, vision_feature_select_strategy=strategy,
                         tie_word_embeddings=text.tie_word_embeddings)
    model = LlavaForConditionalGeneration(config).eval()
    with torch.no_grad():  # larger than HF's init so logits differ visibly between tokens
        for p in model.parameters():
            p.normal_(0, 0.15)
    model.tie_weights()
    model = model.to(dtype)

    folder = os.path.join(out, name)
    shutil.rmtree(folder, ignore_errors=True)
    kwargs = {"safe_serialization": True}
    if shard_size:
        kwargs["max_shard_size"] = shard_size
    model.save_pretrained(folder, **kwargs)
    for extra in ("generation_config.json",):
        if os.path.exists(os.path.join(folder, extra)):
            os.remove(os.path.join(folder, extra))
    rewrite_layout(folder, old_name if layout == "old" else new_name)
    if defaults:
        drop_defaults(folder)

    tokens = 16 + (1 if strategy == "full" else 0)
    ids = torch.tensor([[1, 5, 6] + [IMAGE_TOKEN] * tokens + [7, 8, 9, 10]])
    pixels = torch.randn(1, 3, 32, 32, generator=torch.Generator().manual_seed(seed + 1))
    with torch.no_grad():
        logits = model.float()(input_ids=ids, pixel_values=pixels).logits.float()
    save_file({"input_ids": ids.contiguous(), "pixel_values": pixels.contiguous()}, os.path.join(folder, "inputs.safetensors"))
    save_file({"logits": logits.contiguous()}, os.path.join(folder, "expected.safetensors"))
    print(name, "logits", tuple(logits.shape), "files", sorted(os.listdir(folder)))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "fixtures")
    print("transformers", transformers.__version__, "torch", torch.__version__)
    make(out, "llava-llama-old", llama_config(), -2, "default", "old", seed=1, defaults=True)
    make(out, "llava-qwen2-new", qwen2_config(), -1, "full", "new", seed=2)
    make(out, "llava-llama-sharded-bf16", llama_config(), -2, "default", "new", dtype=torch.bfloat16, shard_size="40KB", seed=3)


if __name__ == "__main__":
    main()
