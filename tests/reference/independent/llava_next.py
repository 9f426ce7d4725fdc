"""LLaVA-NeXT ("anyres") on top of hf_reference: HF LlavaNextModel.get_image_features / pack_image_features.

Written from transformers' modeling_llava_next.py (get_anyres_image_grid_shape, image_size_to_num_patches,
unpad_image, LlavaNextModel.pack_image_features / get_image_features), image_processing_utils.py
(select_best_resolution) and processing_llava_next.py (_get_number_of_features, _get_unpadded_features).

Per image: pixel_values holds `views` = 1 + rows * cols crops of `image_size` pixels: the base view (the whole
image resized to a square) first, then the tiles of the best-fitting grid pinpoint in row-major order. Every
view goes through the vision tower and projector ([views, side*side, D]). The tiles are reassembled into one
(rows*side) x (cols*side) feature grid, the rows/columns that only cover the processor's padding are cropped
(unpad, from the ORIGINAL image size), image_newline is appended at the end of every row of that grid, and
the base view's side*side features are put in front: T = side^2 + H_unpad * (W_unpad + 1).

Sizes are (height, width) throughout, as HF's image_sizes and image_grid_pinpoints are.
"""

import torch

import hf_reference as ref


# ---------------------------------------------------------------- geometry (pure integers)


def select_best_resolution(original_size, possible_resolutions):
    """image_processing_utils.select_best_resolution: (height, width) pinpoint with the largest effective
    resolution, ties broken by the least wasted area, further ties by list order (strict comparisons)."""
    original_height, original_width = original_size
    best_fit = None
    max_effective = 0
    min_wasted = float("inf")
    for height, width in possible_resolutions:
        scale = min(width / original_width, height / original_height)
        downscaled_width, downscaled_height = int(original_width * scale), int(original_height * scale)
        effective = min(downscaled_width * downscaled_height, original_width * original_height)
        wasted = width * height - effective
        if effective > max_effective or (effective == max_effective and wasted < min_wasted):
            max_effective, min_wasted, best_fit = effective, wasted, (height, width)
    return best_fit


def anyres_grid_shape(image_size, pinpoints, tile):
    """get_anyres_image_grid_shape (called by HF with patch_size = vision image_size): (rows, cols) of tiles."""
    height, width = select_best_resolution(image_size, pinpoints)
    return height // tile, width // tile


def num_views(image_size, pinpoints, tile):
    """image_size_to_num_patches: ceil(h / tile) * ceil(w / tile) tiles plus the base view."""
    height, width = select_best_resolution(image_size, pinpoints)
    return len(range(0, height, tile)) * len(range(0, width, tile)) + 1


def unpad_bounds(original_size, current_height, current_width):
    """unpad_image's crop of a (current_height, current_width) grid: (row0, row1, col0, col1), end-exclusive.

    The side that has padding is cropped by the same `padding` at both ends, `padding` =
    (current - new) // 2 with new = int(round(original * scale, 7)), so an odd remainder leaves one extra row
    or column (new + 1 kept). Uses the original (height, width), not the padded best resolution.
    """
    original_height, original_width = original_size
    if original_width / original_height > current_width / current_height:
        scale = current_width / original_width
        new_height = int(round(original_height * scale, 7))
        padding = (current_height - new_height) // 2
        return padding, current_height - padding, 0, current_width
    scale = current_height / original_height
    new_width = int(round(original_width * scale, 7))
    padding = (current_width - new_width) // 2
    return 0, current_height, padding, current_width - padding


def unpad_image(grid, original_size):
    """grid [D, H, W] -> the unpadded [D, H', W']."""
    r0, r1, c0, c1 = unpad_bounds(original_size, grid.shape[1], grid.shape[2])
    return grid[:, r0:r1, c0:c1]


def num_image_tokens(image_size, pinpoints, tile, patch, strategy="default", num_additional_image_tokens=1):
    """LlavaNextProcessor._get_number_of_features (+ the "default" strategy's `- num_additional_image_tokens`):
    how many image placeholders the prompt carries for one image of `image_size` (height, width).

    Returns {"total", "base", "unpadded", "newlines", "unpadded_grid", "best_resolution", "grid", "num_views"}.
    `height`/`width` of the processed crops are `tile` here (crop_size == vision image_size).
    """
    orig_height, orig_width = image_size
    best_height, best_width = select_best_resolution([orig_height, orig_width], pinpoints)
    scale_height, scale_width = best_height // tile, best_width // tile
    patches_height = patches_width = tile // patch
    # _get_unpadded_features (current HF: int(round(x, 7)), like unpad_image)
    current_height, current_width = patches_height * scale_height, patches_width * scale_width
    if orig_width / orig_height > current_width / current_height:
        new_height = int(round(orig_height * (current_width / orig_width), 7))
        padding = (current_height - new_height) // 2
        current_height -= padding * 2
    else:
        new_width = int(round(orig_width * (current_height / orig_height), 7))
        padding = (current_width - new_width) // 2
        current_width -= padding * 2
    unpadded, newlines = current_height * current_width, current_height
    base = patches_height * patches_width + num_additional_image_tokens
    total = unpadded + newlines + base
    if strategy == "default":
        total -= num_additional_image_tokens
        base -= num_additional_image_tokens
    return {
        "total": total, "base": base, "unpadded": unpadded, "newlines": newlines,
        "unpadded_grid": [current_height, current_width], "best_resolution": [best_height, best_width],
        "grid": [scale_height, scale_width], "num_views": num_views(image_size, pinpoints, tile),
    }


# ---------------------------------------------------------------- feature packing (HF pack_image_features)


def arrange_tiles(tiles, rows, cols, side):
    """tiles [rows*cols, side*side, D] (row-major tiles, row-major patches) -> grid [D, rows*side, cols*side].

    HF: view(rows, cols, side, side, D).permute(4, 0, 2, 1, 3).flatten(1, 2).flatten(2, 3).
    """
    grid = tiles.reshape(rows, cols, side, side, -1)
    return grid.permute(4, 0, 2, 1, 3).contiguous().flatten(1, 2).flatten(2, 3)


def append_newlines(grid, newline):
    """grid [D, H, W] -> rows [H * (W + 1), D]: image_newline after the last column of every row."""
    d, h, _ = grid.shape
    grid = torch.cat([grid, newline[:, None, None].expand(d, h, 1).to(grid.dtype)], dim=-1)  # [D, H, W+1]
    return grid.flatten(1, 2).transpose(0, 1)


def join_base(base, packed):
    """The base view's features come first."""
    return torch.cat([base, packed], dim=0)


def pack_image_features(view_features, image_size, newline, config, resize_map=None):
    """One image's [views, side*side, D] projector outputs -> [T, D] (HF pack_image_features). resize_map(grid, side)
    reshapes the unpadded tile map before its row newlines (LLaVA-OneVision's anyres_max downscale); NeXT has none."""
    vision = config["vision_config"]
    if view_features.shape[0] > 1:
        side = vision["image_size"] // vision["patch_size"]
        if view_features.shape[1] != side * side:
            raise ValueError(f"{view_features.shape[1]} features per view, expected {side}x{side}")
        rows, cols = anyres_grid_shape(image_size, config["image_grid_pinpoints"], vision["image_size"])
        grid = arrange_tiles(view_features[1:], rows, cols, side)
        grid = unpad_image(grid, image_size)
        if resize_map is not None:
            grid = resize_map(grid, side)
        return join_base(view_features[0], append_newlines(grid, newline))
    # HF's else branch (a single view: one newline appended). get_image_features never reaches it, since
    # image_size_to_num_patches always counts the base view plus at least one tile.
    return torch.cat([view_features[0], newline[None].to(view_features.dtype)], dim=0)


def split_views(pixel_values, image_sizes, config):
    """[B, max_views, C, H, W] -> [sum of views, C, H, W], each image cut to its own view count
    (HF drops the processor's batch padding views), plus the per-image counts."""
    vision = config["vision_config"]
    sizes = [[int(v) for v in s] for s in image_sizes.tolist()]
    counts = [num_views(s, config["image_grid_pinpoints"], vision["image_size"]) for s in sizes]
    if pixel_values.dim() != 5:
        raise ValueError(f"llava_next pixel_values must be [B, views, C, H, W], found {tuple(pixel_values.shape)}")
    for s, n in zip(sizes, counts):
        if pixel_values.shape[1] < n:
            raise ValueError(f"image size {s} needs {n} views, pixel_values has {pixel_values.shape[1]}")
    return torch.cat([pv[:n] for pv, n in zip(pixel_values, counts)], dim=0), sizes, counts


def view_features(pixel_values, image_sizes, w, config):
    """Projector output of every view: [sum of views, side*side, D] (vision tower + CLS drop + projector)."""
    flat, _, _ = split_views(pixel_values, image_sizes, config)
    return ref.image_features(flat, w, config)


def image_features(pixel_values, image_sizes, w, config):
    """HF LlavaNextModel.get_image_features, concatenated over images as forward() does: [T_total, D]."""
    _, sizes, counts = split_views(pixel_values, image_sizes, config)
    per_view = view_features(pixel_values, image_sizes, w, config)
    packed = [pack_image_features(v, s, w[ref.IMAGE_NEWLINE], config)
              for v, s in zip(torch.split(per_view, counts, dim=0), sizes)]
    return torch.cat(packed, dim=0)
