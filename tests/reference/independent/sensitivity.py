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
import llava_next as ln
import llava_onevision as lov

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


# ---------------------------------------------------------------- LLaVA-NeXT mistakes

_ARRANGE_TILES = ln.arrange_tiles  # the correct one, for mutations that wrap it


def _no_newlines(grid, newline):
    return grid.flatten(1, 2).transpose(0, 1)


def _newline_at_row_start(grid, newline):
    d, h, _ = grid.shape
    grid = torch.cat([newline[:, None, None].expand(d, h, 1).to(grid.dtype), grid], dim=-1)
    return grid.flatten(1, 2).transpose(0, 1)


def _tiles_column_major(tiles, rows, cols, side):
    """Tile (r, c) read from view 1 + c * rows + r instead of 1 + r * cols + c."""
    grid = tiles.reshape(cols, rows, side, side, -1)  # [c, r, y, x, D]
    return grid.permute(4, 1, 2, 0, 3).contiguous().flatten(1, 2).flatten(2, 3)


def _patches_transposed(tiles, rows, cols, side):
    """Each tile's side x side patches read column-major (the grid of one view transposed)."""
    t = tiles.reshape(rows * cols, side, side, -1).transpose(1, 2).reshape(rows * cols, side * side, -1)
    return _ARRANGE_TILES(t, rows, cols, side)


def _base_last(base, packed):
    return torch.cat([packed, base], dim=0)


def _newline_after_base_rows_too(base, packed):
    """A newline also after each row of the base view's side x side grid."""
    side = int(round(base.shape[0] ** 0.5))
    newline = packed[-1]  # the last packed row is a newline
    rows = torch.cat([base.reshape(side, side, -1), newline.expand(side, 1, -1)], dim=1).reshape(-1, base.shape[-1])
    return torch.cat([rows, packed], dim=0)


def _no_unpad(grid, original_size):
    return grid


def _unpad_one_side(grid, original_size):
    """The whole 2 * padding cut from the top / left instead of padding from each side."""
    r0, r1, c0, c1 = ln.unpad_bounds(original_size, grid.shape[1], grid.shape[2])
    h, w = grid.shape[1], grid.shape[2]
    return grid[:, r0 + (h - r1):h, c0 + (w - c1):w]


def _swapped_image_sizes():
    """image_sizes read as (width, height)."""
    original = ln.split_views

    def split(pixel_values, image_sizes, config):
        return original(pixel_values, image_sizes.flip(-1), config)
    return split


def _zero_newline(weights):
    return {**weights, ref.IMAGE_NEWLINE: torch.zeros_like(weights[ref.IMAGE_NEWLINE])}


def _llava_next_mutations(config, image_sizes):
    vision = config["vision_config"]
    grids = [ln.anyres_grid_shape([int(v) for v in size], config["image_grid_pinpoints"], vision["image_size"])
             for size in image_sizes.tolist()]
    two_d = any(rows > 1 and cols > 1 for rows, cols in grids)  # column-major == row-major on a 1-D grid
    items = [
        Mutation("image_newline omitted", DETECTION_THRESHOLD, patch=(ln, "append_newlines", _no_newlines)),
        Mutation("image_newline zero (not loaded)", DETECTION_THRESHOLD, weights_edit=_zero_newline),
        Mutation("newline at row start", DETECTION_THRESHOLD, patch=(ln, "append_newlines", _newline_at_row_start)),
        Mutation("newline after base rows too", DETECTION_THRESHOLD, patch=(ln, "join_base", _newline_after_base_rows_too)),
        Mutation("patches within a tile transposed", DETECTION_THRESHOLD,
                 patch=(ln, "arrange_tiles", _patches_transposed)),
        Mutation("base view last", DETECTION_THRESHOLD, patch=(ln, "join_base", _base_last)),
        Mutation("unpadding skipped", DETECTION_THRESHOLD, patch=(ln, "unpad_image", _no_unpad)),
        Mutation("unpad cropped on one side", DETECTION_THRESHOLD, patch=(ln, "unpad_image", _unpad_one_side)),
        Mutation("image_sizes as (w, h)", DETECTION_THRESHOLD, patch=(ln, "split_views", _swapped_image_sizes())),
    ]
    if two_d:
        items.append(Mutation("tiles in column-major order", DETECTION_THRESHOLD,
                              patch=(ln, "arrange_tiles", _tiles_column_major)))
    return items


# ---------------------------------------------------------------- LLaVA-OneVision mistakes


def _interpolate_nearest(grid, size):
    if tuple(size) == tuple(grid.shape[1:]):
        return grid
    return torch.nn.functional.interpolate(grid[None], list(size), mode="nearest")[0]


def _interpolate_align_corners(grid, size):
    if tuple(size) == tuple(grid.shape[1:]):
        return grid
    return torch.nn.functional.interpolate(grid[None], list(size), mode="bilinear", align_corners=True)[0]


def _interpolate_antialias(grid, size):
    if tuple(size) == tuple(grid.shape[1:]):
        return grid
    return torch.nn.functional.interpolate(grid[None], list(size), mode="bilinear", antialias=True)[0]


def _onevision_mutations(config, image_sizes):
    vision = config["vision_config"]
    downscales = False
    for size in image_sizes.tolist():
        count = lov.num_image_tokens(size, config["image_grid_pinpoints"], vision["image_size"], vision["patch_size"],
                                     lov.max_num_patches(config))
        downscales |= count["packed_grid"] != count["unpadded_grid"]
    items = _llava_next_mutations(config, image_sizes)
    if downscales:
        items += [
            Mutation("anyres_max downscale skipped", DETECTION_THRESHOLD,
                     patch=(lov, "interpolate_map", lambda grid, size: grid)),
            Mutation("downscale nearest, not bilinear", DETECTION_THRESHOLD,
                     patch=(lov, "interpolate_map", _interpolate_nearest)),
            Mutation("downscale align_corners True", DETECTION_THRESHOLD,
                     patch=(lov, "interpolate_map", _interpolate_align_corners)),
            Mutation("downscale antialiased", DETECTION_THRESHOLD,
                     patch=(lov, "interpolate_map", _interpolate_antialias)),
        ]
    return items


# config_edit / weights_edit: functions returning a modified copy; patch: (hf_reference attribute, replacement)
# or (module, attribute, replacement).
Mutation = namedtuple("Mutation", "name threshold config_edit weights_edit patch", defaults=(None, None, None))


def _mutations(config, image_sizes=None):
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
    if config["model_type"] == "llava_next":
        items += _llava_next_mutations(config, image_sizes)
    if config["model_type"] == "llava_onevision":
        items += _onevision_mutations(config, image_sizes)
    return items


def _patch(m):
    if not m.patch:
        return nullcontext()
    return mock.patch.object(*m.patch) if len(m.patch) == 3 else mock.patch.object(ref, *m.patch)


def check_sensitivity(config, weights, input_ids, pixel_values, expected, image_sizes=None):
    """Prints each mutation's rel_error; raises if one stays under its threshold.

    A mutation that changes the number of image feature rows is caught by the token-count check
    (HF raises "Image features and image tokens do not match"); that counts as detected.
    """
    for m in _mutations(config, image_sizes):
        c = m.config_edit(config) if m.config_edit else config
        w = m.weights_edit(weights) if m.weights_edit else weights
        try:
            with _patch(m):
                logits = ref.llava_logits(c, w, input_ids, pixel_values, image_sizes=image_sizes)
        except ValueError as e:
            if "image tokens but" not in str(e) and "needs" not in str(e):
                raise
            print(f"    {m.name:33s} caught by the count check: {e}")
            continue
        err = rel_error(logits, expected)
        print(f"    {m.name:33s} rel_error {err:.2e} (must be >= {m.threshold:.1e})")
        if err < m.threshold:
            raise AssertionError(f"mutation '{m.name}' moves logits only {err:.2e} (< {m.threshold:.1e})")


def check_count_mistakes(config, image_size, total):
    """Prompt-side (processor) mistakes: the placeholder count they give must differ from HF's, so the
    model's count check catches them. Prints each; raises if one coincides with the correct count."""
    vision = config["vision_config"]
    pinpoints, tile, patch = config["image_grid_pinpoints"], vision["image_size"], vision["patch_size"]
    best = ln.select_best_resolution(image_size, pinpoints)
    side = tile // patch
    rows, cols = best[0] // tile, best[1] // tile
    wrong = {
        "count from the padded size": ln.num_image_tokens(best, pinpoints, tile, patch)["total"],
        "count without unpadding": side * side + rows * side * (cols * side + 1),
        "count without newlines": total - ln.num_image_tokens(image_size, pinpoints, tile, patch)["newlines"],
        "count keeps CLS under default": total + 1,
        "count with (w, h) image size": ln.num_image_tokens(image_size[::-1], pinpoints, tile, patch)["total"],
    }
    for name, count in wrong.items():
        print(f"    {name:33s} {count} placeholders vs {total}")
        if count == total:
            raise AssertionError(f"prompt mistake '{name}' gives the correct count {total}")


def check_onevision_count_mistakes(config, image_size, total):
    """OneVision prompt-side mistakes must give another placeholder count than HF's."""
    vision = config["vision_config"]
    pinpoints, tile, patch = config["image_grid_pinpoints"], vision["image_size"], vision["patch_size"]
    n = lov.max_num_patches(config)
    count = lov.num_image_tokens(image_size, pinpoints, tile, patch, n)
    height, width = count["unpadded_grid"]
    wrong = {
        "NeXT count minus a CLS token": total - 1,
        "count without newlines": total - count["newlines"],
        "count with (w, h) image size": lov.num_image_tokens(image_size[::-1], pinpoints, tile, patch, n)["total"],
    }
    if count["packed_grid"] != count["unpadded_grid"]:
        wrong["count without the downscale"] = count["base"] + height * (width + 1)
    for name, c in wrong.items():
        print(f"    {name:33s} {c} placeholders vs {total}")
        if c == total:
            raise AssertionError(f"prompt mistake '{name}' gives the correct count {total}")
