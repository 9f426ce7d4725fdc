"""Proof that each fixture can fail: plausible implementation mistakes must move the logits
far beyond the 1e-4 tolerance the C# model is held to.

Each mutation recomputes the logits with one wrong semantic (a wrong config default, a
different RoPE/GQA/mask convention, ...) and measures rel_error = max|a - b| / max|b|.
"""

import copy
from collections import namedtuple
from contextlib import nullcontext
from unittest import mock

import torch

import hf_reference as ref

# A mutation must move the logits by at least this much to count as caught (10x the tolerance).
DETECTION_THRESHOLD = 1e-3
SUBTLE_THRESHOLD = 2.5e-4


def rel_error(actual, expected):
    return ((actual - expected).abs().max() / expected.abs().max()).item()


def _interleaved_rope(x, cos, sin):
    """GPT-J/Meta convention: rotates pairs (2i, 2i+1) instead of (i, i + Dh/2)."""
    half = x.shape[-1] // 2
    c, s = cos[..., :half], sin[..., :half]
    even, odd = x[..., 0::2], x[..., 1::2]
    return torch.stack([even * c - odd * s, even * s + odd * c], dim=-1).flatten(-2)


def _tiled_repeat_kv(x, n_rep):
    """Query head h reads kv head h % Hkv instead of h // n_rep."""
    return x.repeat(1, n_rep, 1, 1)


def _no_causal_mask(seq_len, dtype):
    return torch.zeros(seq_len, seq_len, dtype=dtype)


def _post_layernorm_on_features():
    """Applies post_layernorm to every hidden state (HF uses it only for the pooled output / SigLIP head)."""
    original = ref.vision_hidden_states

    def hidden_states(pixel_values, w, vision):
        p = f"{ref.VISION}.post_layernorm"
        return [ref.layer_norm(h, w[f"{p}.weight"], w[f"{p}.bias"], vision["layer_norm_eps"])
                for h in original(pixel_values, w, vision)]
    return hidden_states


def _siglip_with_cls_token():
    """SigLIP run as if it were CLIP: a (zero) class token prepended to the patches, position rows on the
    patches only, then dropped again from every hidden state so the feature count still matches."""
    original = ref.clip_encoder_layer

    def hidden_states(pixel_values, w, vision):
        x = ref.siglip_embeddings(pixel_values, w, vision)
        x = torch.cat([torch.zeros_like(x[:, :1]), x], dim=1)  # [B, 1+N, D]
        states = [x]
        for i in range(vision["num_hidden_layers"]):
            x = original(x, w, f"{ref.VISION}.encoder.layers.{i}", vision)
            states.append(x)
        return [h[:, 1:] for h in states]
    return hidden_states


def _identity_pre_layrnorm(weights):
    w = dict(weights)
    w[f"{ref.VISION}.pre_layrnorm.weight"] = torch.ones_like(w[f"{ref.VISION}.pre_layrnorm.weight"])
    w[f"{ref.VISION}.pre_layrnorm.bias"] = torch.zeros_like(w[f"{ref.VISION}.pre_layrnorm.bias"])
    return w


def _without_patch_bias(weights):
    name = f"{ref.VISION}.embeddings.patch_embedding.bias"
    return {**weights, name: torch.zeros_like(weights[name])}


def _without_qkv_bias(weights):
    return {n: (torch.zeros_like(t) if n.endswith(("q_proj.bias", "k_proj.bias", "v_proj.bias"))
                and n.startswith(ref.TEXT) else t) for n, t in weights.items()}


def _edited_config(edit):
    def mutate(config):
        config = copy.deepcopy(config)
        edit(config)
        return config
    return mutate


def _scale_text(key, factor):
    return _edited_config(lambda c: c["text_config"].update({key: c["text_config"][key] * factor}))


def _other_vision_act(config):
    v = config["vision_config"]
    v["hidden_act"] = "gelu" if v["hidden_act"] == "quick_gelu" else "quick_gelu"


def _other_feature_layer(config):
    layer = config["vision_feature_layer"]
    if isinstance(layer, list):
        config["vision_feature_layer"] = layer[::-1]  # concatenated in the wrong order
    else:
        config["vision_feature_layer"] = -1 if layer in (-2, 1) else -2


def _erf_vision_act(config):
    config["vision_config"]["hidden_act"] = "gelu"


def _scale_vision_eps(config):
    config["vision_config"]["layer_norm_eps"] *= 10


def _last_feature_layer_twice(config):
    """A loader that ignores the list but keeps the projector width: the last layer, repeated."""
    config["vision_feature_layer"] = [config["vision_feature_layer"][-1]] * len(config["vision_feature_layer"])


def _tanh_projector(config):
    config["projector_hidden_act"] = "gelu_pytorch_tanh"


# config_edit / weights_edit: functions returning a modified copy; patch: (hf_reference attribute, replacement).
Mutation = namedtuple("Mutation", "name threshold config_edit weights_edit patch", defaults=(None, None, None))


def _mutations(config):
    text = config["text_config"]
    siglip = config["vision_config"]["model_type"] == "siglip_vision_model"
    vision_act = "quick_gelu<->gelu" if config["vision_config"]["hidden_act"] in ("gelu", "quick_gelu") else "-> quick_gelu"
    items = [
        Mutation("rms_norm_eps x10", DETECTION_THRESHOLD, config_edit=_scale_text("rms_norm_eps", 10)),
        Mutation("rope_theta x100", DETECTION_THRESHOLD, config_edit=_scale_text("rope_theta", 100)),
        Mutation(f"vision act {vision_act}", DETECTION_THRESHOLD, config_edit=_edited_config(_other_vision_act)),
        # erf vs tanh GELU differ by at most 4.7e-4 in the activation itself, hence the lower bar.
        Mutation("projector act tanh-gelu", SUBTLE_THRESHOLD, config_edit=_edited_config(_tanh_projector)),
        Mutation("other vision_feature_layer", DETECTION_THRESHOLD, config_edit=_edited_config(_other_feature_layer)),
        Mutation("vision layer_norm_eps x10", DETECTION_THRESHOLD, config_edit=_edited_config(_scale_vision_eps)),
    ]
    if not siglip:  # SigLIP has no pre-layernorm
        items.append(Mutation("pre_layrnorm skipped", DETECTION_THRESHOLD, weights_edit=_identity_pre_layrnorm))
    items += [
        Mutation("post_layernorm on features", DETECTION_THRESHOLD,
                 patch=("vision_hidden_states", _post_layernorm_on_features())),
        Mutation("RoPE interleaved pairs", DETECTION_THRESHOLD, patch=("apply_rope", _interleaved_rope)),
        Mutation("no causal mask", DETECTION_THRESHOLD, patch=("causal_scores_mask", _no_causal_mask)),
    ]
    if text["num_key_value_heads"] not in (1, text["num_attention_heads"]):
        items.append(Mutation("GQA kv heads tiled", DETECTION_THRESHOLD, patch=("repeat_kv", _tiled_repeat_kv)))
    if text["model_type"] == "qwen2":
        items.append(Mutation("q/k/v bias ignored", DETECTION_THRESHOLD, weights_edit=_without_qkv_bias))
    if siglip:
        items += [
            Mutation("SigLIP with a CLS token", DETECTION_THRESHOLD,
                     patch=("siglip_hidden_states", _siglip_with_cls_token())),
            Mutation("SigLIP patch conv bias dropped", DETECTION_THRESHOLD, weights_edit=_without_patch_bias),
        ]
        if config["vision_config"]["hidden_act"] == "gelu_pytorch_tanh":
            # Same bar as the projector's erf/tanh swap: the activations differ by <= 4.7e-4.
            items.append(Mutation("vision act tanh-gelu -> erf", SUBTLE_THRESHOLD,
                                  config_edit=_edited_config(_erf_vision_act)))
    if isinstance(config["vision_feature_layer"], list):
        items.append(Mutation("last feature layer repeated", DETECTION_THRESHOLD,
                              config_edit=_edited_config(_last_feature_layer_twice)))
    return items


def check_sensitivity(config, weights, input_ids, pixel_values, expected):
    """Prints each mutation's rel_error; raises if one stays under its threshold."""
    for m in _mutations(config):
        c = m.config_edit(config) if m.config_edit else config
        w = m.weights_edit(weights) if m.weights_edit else weights
        with mock.patch.object(ref, *m.patch) if m.patch else nullcontext():
            logits = ref.llava_logits(c, w, input_ids, pixel_values)
        err = rel_error(logits, expected)
        print(f"    {m.name:30s} rel_error {err:.2e} (must be >= {m.threshold:.1e})")
        if err < m.threshold:
            raise AssertionError(f"mutation '{m.name}' moves logits only {err:.2e} (< {m.threshold:.1e})")
