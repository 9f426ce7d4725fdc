"""Regenerates tests/fixtures/independent-<name>/ for every spec in fixture_specs.py, and
tests/fixtures/independent-llava-next-processor/ (LLaVA-NeXT image processor and anyres geometry data).

Run: /usr/bin/python3 -B tests/reference/independent/make_fixtures.py [NAME...]   (Debian's python3-torch;
names limit it to those fixtures)

Each fixture dir holds config.json, the weights (model.safetensors, or two shards plus
model.safetensors.index.json), preprocessor_config.json where the spec has one (the SigLIP
fixtures), inputs.safetensors (input_ids int64 [1, L], pixel_values float32 [1, 3, H, W]) and
expected.safetensors (logits float32 [1, L, V], image_features
float32 [1, T, D_text] = projector output). Expected values are computed in float64 from the
files as written (bf16 weights upcast), after reloading them, and are checked to agree with a
float32 computation to well under the 1e-4 tolerance.
"""

import json
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import hf_reference as ref  # noqa: E402
import llava_next as ln  # noqa: E402
import llava_next_processor as lnp  # noqa: E402
import llava_onevision as lov  # noqa: E402
import self_checks  # noqa: E402
from fixture_specs import (ANYRES_CASES, ANYRES_GEOMETRIES, FIXTURES, PROCESSOR_IMAGES, PROCESSOR_SEED,  # noqa: E402
                           TINY_PINPOINTS)
from hf_config import resolve_config, vision_has_cls_token  # noqa: E402
from random_weights import random_llava_weights, to_old_names  # noqa: E402
from safetensors_io import write_safetensors  # noqa: E402
from sensitivity import check_count_mistakes, check_onevision_count_mistakes, check_sensitivity, rel_error  # noqa: E402

FIXTURES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures")
# float64 vs float32 reference must agree far below the C# tolerance, or the fixture is ill-conditioned.
FLOAT32_AGREEMENT = 1e-5


def _num_image_tokens(config):
    """Patches, plus CLIP's class token when strategy "full" keeps it (SigLIP has none)."""
    vision = config["vision_config"]
    patches = (vision["image_size"] // vision["patch_size"]) ** 2
    keeps_cls = vision_has_cls_token(vision) and config["vision_feature_select_strategy"] == "full"
    return patches + (1 if keeps_cls else 0)


def _llava_next_inputs(spec, config):
    """What LlavaNextProcessor (LlavaOnevisionProcessor) hands the model: placeholders expanded to
    _get_number_of_features, pixel_values [1, views, 3, S, S] (random normals standing in for base view + tiles),
    image_sizes [1, 2]."""
    vision = config["vision_config"]
    if config["model_type"] == "llava_onevision":
        counts = lov.num_image_tokens(spec["image_size"], config["image_grid_pinpoints"], vision["image_size"],
                                      vision["patch_size"], lov.max_num_patches(config))
    else:
        counts = ln.num_image_tokens(spec["image_size"], config["image_grid_pinpoints"], vision["image_size"],
                                     vision["patch_size"], config["vision_feature_select_strategy"])
    before, after = spec["text_tokens"]
    input_ids = torch.tensor([before + [config["image_token_index"]] * counts["total"] + after], dtype=torch.int64)
    gen = torch.Generator().manual_seed(spec["seed"] + 1)
    size = vision["image_size"]
    pixel_values = torch.randn(1, counts["num_views"], vision["num_channels"], size, size, generator=gen)
    image_sizes = torch.tensor([list(spec["image_size"])], dtype=torch.int64)
    return input_ids, pixel_values, image_sizes, counts


def _inputs(spec, config):
    before, after = spec["text_tokens"]
    image = [config["image_token_index"]] * _num_image_tokens(config)
    input_ids = torch.tensor([before + image + after], dtype=torch.int64)  # [1, L]
    vision = config["vision_config"]
    gen = torch.Generator().manual_seed(spec["seed"] + 1)
    size = vision["image_size"]
    pixel_values = torch.randn(1, vision["num_channels"], size, size, generator=gen)  # [1, 3, H, W]
    return input_ids, pixel_values


def _write_sharded_bf16(directory, weights):
    """Two shards split at half the bytes, in name order (so a shard mixes module prefixes)."""
    weights = {name: t.to(torch.bfloat16) for name, t in weights.items()}
    names = sorted(weights)
    total = sum(weights[n].numel() * 2 for n in names)
    first, running = [], 0
    for name in names:
        if running >= total // 2:
            break
        first.append(name)
        running += weights[name].numel() * 2
    shards = {
        "model-00001-of-00002.safetensors": first,
        "model-00002-of-00002.safetensors": names[len(first):],
    }
    weight_map = {}
    for file, shard_names in shards.items():
        write_safetensors(os.path.join(directory, file), {n: weights[n] for n in shard_names})
        weight_map.update({n: file for n in shard_names})
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    with open(os.path.join(directory, "model.safetensors.index.json"), "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")


def _write_weights(directory, spec, weights):
    if spec["weight_names"] == "old":
        weights = to_old_names(weights)
    if spec["storage"] == "single-f32":
        write_safetensors(os.path.join(directory, "model.safetensors"), weights)
    elif spec["storage"] == "sharded-bf16":
        _write_sharded_bf16(directory, weights)
    else:
        raise ValueError(f"fixture '{spec['name']}': unknown storage '{spec['storage']}'")


def _write_json(path, value, sort_keys=False):
    with open(path, "w") as f:
        json.dump(value, f, indent=2, sort_keys=sort_keys)
        f.write("\n")


def _check_head_ignored(config, weights, input_ids, pixel_values, logits, image_sizes=None):
    """The SigLIP pooling head (vision_use_head) must not influence LLaVA's logits."""
    head = f"{ref.VISION}.head."
    if not any(n.startswith(head) for n in weights):
        return
    without = {n: t for n, t in weights.items() if not n.startswith(head)}
    if not torch.equal(ref.llava_logits(config, without, input_ids, pixel_values, torch.float64, image_sizes), logits):
        raise AssertionError("logits depend on the SigLIP pooling head")


def make_fixture(spec):
    directory = os.path.join(FIXTURES_DIR, "independent-" + spec["name"])
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    _write_json(os.path.join(directory, "config.json"), spec["config"])
    if "preprocessor_config" in spec:
        # HF's ImageProcessingMixin.to_json_string writes sorted keys.
        _write_json(os.path.join(directory, "preprocessor_config.json"), spec["preprocessor_config"], sort_keys=True)
    config = resolve_config(spec["config"])
    onevision = config["model_type"] == "llava_onevision"
    next_ = config["model_type"] == "llava_next" or onevision  # both take anyres views and image_sizes
    if next_ and not onevision:  # OneVision's processor config comes with the spec
        vision = config["vision_config"]
        _write_json(os.path.join(directory, "preprocessor_config.json"),
                    lnp.preprocessor_config(vision["image_size"], config["image_grid_pinpoints"]), sort_keys=True)
        _write_json(os.path.join(directory, "processor_config.json"),
                    lnp.processor_config(vision["patch_size"]), sort_keys=True)
    _write_weights(directory, spec, random_llava_weights(config, spec["seed"], spec["token_embedding_std"]))
    image_sizes, counts = None, None
    if next_:
        input_ids, pixel_values, image_sizes, counts = _llava_next_inputs(spec, config)
        write_safetensors(os.path.join(directory, "inputs.safetensors"),
                          {"input_ids": input_ids, "pixel_values": pixel_values, "image_sizes": image_sizes})
    else:
        input_ids, pixel_values = _inputs(spec, config)
        write_safetensors(os.path.join(directory, "inputs.safetensors"),
                          {"input_ids": input_ids, "pixel_values": pixel_values})

    # Expected values come from the files on disk, exercising config defaults and renaming.
    config, weights = ref.load_checkpoint(directory)
    if config["vision_config"]["model_type"] == "siglip_vision_model":
        self_checks.check_siglip_head_layout(weights, config["vision_config"])
        views = pixel_values[0] if pixel_values.dim() == 5 else pixel_values  # anyres: the views are the batch
        self_checks.check_siglip_tower_against_torch_modules(weights, config["vision_config"], views)
        head = ("head.* loads strictly into HF's pooling-head layout" if config["vision_config"]["vision_use_head"]
                else "no head.* (vision_use_head false)")
        print(f"  {spec['name']}: SigLIP hidden states match nn.Conv2d + nn.TransformerEncoderLayer; {head}")
    logits = ref.llava_logits(config, weights, input_ids, pixel_values, torch.float64, image_sizes)
    logits32 = ref.llava_logits(config, weights, input_ids, pixel_values, torch.float32, image_sizes)
    agreement = rel_error(logits32.double(), logits)
    if agreement > FLOAT32_AGREEMENT:
        raise AssertionError(f"{spec['name']}: float32 vs float64 rel_error {agreement:.2e} > {FLOAT32_AGREEMENT}")
    w64 = {n: t.double() for n, t in weights.items()}
    if next_:
        packer = lov if onevision else ln
        features = packer.image_features(pixel_values.double(), image_sizes, w64, config)  # [T, D]
        if features.shape[0] != counts["total"]:
            raise AssertionError(f"{spec['name']}: model packs {features.shape[0]} rows, processor counts {counts['total']}")
        if not onevision:  # the naive loop knows no anyres_max downscale; OneVision's check is below
            self_checks.check_pack_against_naive_loop(ln.view_features(pixel_values.double(), image_sizes, w64, config),
                                                      spec["image_size"], w64[ref.IMAGE_NEWLINE], config)
        expected = {"logits": logits.float(), "image_features": features[None].float(),
                    "view_features": ln.view_features(pixel_values.double(), image_sizes, w64, config).float()}
    else:
        features = ref.image_features(pixel_values.double(), w64, config)
        expected = {"logits": logits.float(), "image_features": features.float()}
    write_safetensors(os.path.join(directory, "expected.safetensors"), expected)

    shapes = f"input_ids {list(input_ids.shape)}, pixel_values {list(pixel_values.shape)}"
    if next_:
        shapes += (f", image_sizes {image_sizes.tolist()}; image tokens {counts['total']} = base {counts['base']}"
                   f" + unpadded {counts['unpadded_grid'][0]}x{counts['unpadded_grid'][1]}"
                   + (f" packed {counts['packed_grid'][0]}x{counts['packed_grid'][1]}" if onevision else "")
                   + f" = {counts['unpadded']}"
                   f" + newlines {counts['newlines']} (best {counts['best_resolution']}, grid {counts['grid']},"
                   f" views {counts['num_views']})")
    print(f"{spec['name']}: {shapes}, logits {list(logits.shape)}, max|logit| {logits.abs().max().item():.3f}, "
          f"float32 rel_error {agreement:.1e}")
    _check_head_ignored(config, weights, input_ids, pixel_values, logits, image_sizes)
    check_sensitivity(config, weights, input_ids, pixel_values, logits, image_sizes)
    if onevision:
        lov.check_count_matches_packing(config)
        check_onevision_count_mistakes(config, list(spec["image_size"]), counts["total"])
    elif next_:
        check_count_mistakes(config, list(spec["image_size"]), counts["total"])


def anyres_cases():
    """anyres_cases.json rows: HF's best resolution, tile grid, view count and prompt image-token count."""
    rows = []
    for geometry, image_size in ANYRES_CASES:
        g = ANYRES_GEOMETRIES[geometry]
        c = ln.num_image_tokens(image_size, g["grid_pinpoints"], g["tile_size"], g["patch_size"], "default")
        rows.append({
            "image_size": list(image_size),
            "best_resolution": c["best_resolution"],
            "grid": c["grid"],
            "num_views": c["num_views"],
            "image_tokens": c["total"],
            "base_tokens": c["base"],
            "unpadded_grid": c["unpadded_grid"],
            "unpadded_tokens": c["unpadded"],
            "newline_tokens": c["newlines"],
            "geometry": geometry,
            "grid_pinpoints": g["grid_pinpoints"],
            "tile_size": g["tile_size"],
            "patch_size": g["patch_size"],
            "vision_feature_select_strategy": "default",
        })
    return rows


def _test_image(shape, gen):
    """A uint8 RGB image: smooth gradients plus noise, so resampling and tile order both show."""
    h, w = shape
    y = torch.linspace(0, 1, h, dtype=torch.float64)[:, None, None]
    x = torch.linspace(0, 1, w, dtype=torch.float64)[None, :, None]
    rgb = torch.cat([c.expand(h, w, 1) for c in (200 * x + 30 * y, 60 + 150 * y, 230 - 120 * x * y)], dim=-1)
    rgb = rgb + 25 * torch.randn(h, w, 3, generator=gen, dtype=torch.float64)
    return rgb.round().clamp(0, 255).to(torch.uint8).numpy()


def make_processor_fixture():
    directory = os.path.join(FIXTURES_DIR, "independent-llava-next-processor")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    cfg = lnp.preprocessor_config(32, TINY_PINPOINTS)
    _write_json(os.path.join(directory, "preprocessor_config.json"), cfg, sort_keys=True)
    _write_json(os.path.join(directory, "processor_config.json"), lnp.processor_config(8), sort_keys=True)
    gen = torch.Generator().manual_seed(PROCESSOR_SEED)
    tensors = {}
    for name, shape in PROCESSOR_IMAGES.items():
        image = _test_image(shape, gen)
        out = lnp.process(image, cfg)
        self_checks.check_processor_without_pil(image, cfg, out, exact=(name == "square"))
        tensors[f"{name}_image"] = torch.from_numpy(image)
        tensors[f"{name}_image_size"] = torch.tensor(out["image_size"], dtype=torch.int64)
        tensors[f"{name}_pixel_values"] = torch.from_numpy(np.ascontiguousarray(out["pixel_values"]))
        tensors[f"{name}_resized_for_patching"] = torch.from_numpy(np.ascontiguousarray(out["resized_for_patching"]))
        tensors[f"{name}_base_resized"] = torch.from_numpy(np.ascontiguousarray(out["base_resized"]))
        print(f"  processor {name}: image {list(image.shape)}, best {out['best_resolution']}, "
              f"resized {list(out['resized_for_patching'].shape[:2])}, padding (t, b, l, r) {out['padding']}, "
              f"pixel_values {list(out['pixel_values'].shape)}")
    write_safetensors(os.path.join(directory, "processor.safetensors"), tensors)
    cases = anyres_cases()
    self_checks.check_anyres_cases(cases)
    _write_json(os.path.join(directory, "anyres_cases.json"), cases)
    print(f"independent-llava-next-processor: {len(cases)} anyres cases, processor.safetensors "
          f"({', '.join(PROCESSOR_IMAGES)})")


def main():
    torch.set_num_threads(1)
    print("reference self-checks:")
    self_checks.run_all()
    only = sys.argv[1:]  # fixture names to regenerate; none: all of them
    for spec in FIXTURES:
        if not only or spec["name"] in only:
            make_fixture(spec)
    if not only:
        make_processor_fixture()


if __name__ == "__main__":
    main()
