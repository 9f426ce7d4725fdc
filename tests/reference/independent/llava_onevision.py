"""LLaVA-OneVision on top of hf_reference: HF LlavaOnevisionModel.get_image_features / pack_image_features.

Written from transformers' modeling_llava_onevision.py and processing_llava_onevision.py
(_get_number_of_features, _get_unpadded_features). The geometry HF marks "Copied from" llava_next
(select_best_resolution, get_anyres_image_grid_shape, image_size_to_num_patches, unpad_image) is taken from
llava_next.py; what OneVision adds is the `anyres_max_N` rule (config `vision_aspect_ratio`):

    after unpadding the tiles' [D, H, W] map, ratio = sqrt(H * W / (N * side**2)); if ratio > 1.1 the map is
    resized with F.interpolate(mode="bilinear", align_corners left at its default False) to
    [int(H // ratio), int(W // ratio)] (float floor division, then int).

Then, as in NeXT, image_newline after every row and the base view's side*side features in front (the base view
gets no newline). The SigLIP tower keeps every patch (strategy "full"), so the base view adds side*side rows and
the processor's count has no `num_additional_image_tokens` to subtract.
"""

import math

import torch
import torch.nn.functional as F

import hf_reference as ref
import llava_next as ln


def max_num_patches(config):
    """int(vision_aspect_ratio.strip("anyres_max_")) as HF parses it; refuses anything else."""
    aspect = config["vision_aspect_ratio"]
    if not (isinstance(aspect, str) and aspect.startswith("anyres_max_") and aspect[len("anyres_max_"):].isdigit()):
        raise ValueError(f"vision_aspect_ratio must be 'anyres_max_<N>', found {aspect!r}")
    return int(aspect[len("anyres_max_"):])


def downscale_ratio(height, width, side, max_patches):
    """HF's ratio; the map is only resized when it is > 1.1."""
    return math.sqrt(height * width / (max_patches * side ** 2))


def downscaled_size(height, width, side, max_patches):
    ratio = downscale_ratio(height, width, side, max_patches)
    if ratio > 1.1:
        return int(height // ratio), int(width // ratio)
    return height, width


def interpolate_map(grid, size):
    """grid [D, H, W] -> [D, h, w], bilinear, align_corners False (HF passes no align_corners)."""
    if tuple(size) == tuple(grid.shape[1:]):
        return grid
    return F.interpolate(grid[None], list(size), mode="bilinear")[0]


def num_image_tokens(image_size, pinpoints, tile, patch, max_patches):
    """LlavaOnevisionProcessor._get_number_of_features for one image (height, width):
    base side*side + unpadded (possibly downscaled) H' * W' + H' newlines."""
    base = ln.num_image_tokens(image_size, pinpoints, tile, patch, strategy="full", num_additional_image_tokens=0)
    side = tile // patch
    height, width = downscaled_size(*base["unpadded_grid"], side, max_patches)
    return {
        "total": side * side + height * width + height, "base": side * side, "unpadded_grid": base["unpadded_grid"],
        "unpadded": height * width, "newlines": height,
        "packed_grid": [height, width], "best_resolution": base["best_resolution"], "grid": base["grid"],
        "num_views": base["num_views"],
    }


def pack_image_features(view_features, image_size, newline, config):
    """One image's [views, side*side, D] projector outputs -> [T, D] (HF LlavaOnevisionModel.pack_image_features):
    LLaVA-NeXT's packing with the unpadded map downscaled past anyres_max_N."""
    def downscale(grid, side):
        return interpolate_map(grid, downscaled_size(grid.shape[1], grid.shape[2], side, max_num_patches(config)))
    return ln.pack_image_features(view_features, image_size, newline, config, resize_map=downscale)


def image_features(pixel_values, image_sizes, w, config):
    """HF LlavaOnevisionModel.get_image_features + pack_image_features, concatenated over images: [T_total, D]."""
    _, sizes, counts = ln.split_views(pixel_values, image_sizes, config)
    per_view = ln.view_features(pixel_values, image_sizes, w, config)
    packed = [pack_image_features(v, s, w[ref.IMAGE_NEWLINE], config)
              for v, s in zip(torch.split(per_view, counts, dim=0), sizes)]
    return torch.cat(packed, dim=0)


def check_count_matches_packing(config, sizes=None):
    """The processor's placeholder count equals the rows pack_image_features returns, for many image sizes
    (zero features: only shapes matter). Raises on the first mismatch."""
    vision = config["vision_config"]
    tile, patch = vision["image_size"], vision["patch_size"]
    side = tile // patch
    sizes = sizes or [(h, w) for h in (1, 5, 12, 31, 32, 33, 50, 64, 75, 97, 130, 300, 1000)
                      for w in (1, 7, 30, 32, 40, 63, 75, 96, 200, 2000)]
    newline = torch.zeros(4)
    for size in sizes:
        count = num_image_tokens(size, config["image_grid_pinpoints"], tile, patch, max_num_patches(config))
        views = torch.zeros(count["num_views"], side * side, 4)
        rows = pack_image_features(views, list(size), newline, config).shape[0]
        if rows != count["total"]:
            raise AssertionError(f"image {size}: processor counts {count['total']}, model packs {rows}")
