"""LlavaNextImageProcessor (the slow, PIL-based one) for one RGB uint8 image, written from
transformers' image_processing_llava_next.py (get_image_patches, _resize_for_patching, _pad_for_patching,
_get_padding_size, divide_to_patches, _preprocess), image_processing_utils.py (select_best_resolution,
get_patch_output_size) and image_transforms.py (resize via PIL, rescale, normalize).

Resizing goes through Pillow's Image.resize(BICUBIC, reducing_gap=None) on the uint8 image exactly as HF's
`resize` does, so the output is HF's for the installed Pillow (Pillow returns a copy for a same-size
resize). Steps for an image of (h, w):
  1. best = select_best_resolution((h, w), image_grid_pinpoints);
  2. aspect-preserving resize to get_patch_output_size (the limiting side = target, the other
     min(ceil(side * scale), target)), then zero padding (uint8 0, before normalisation) to `best`,
     centred with the odd pixel at the bottom / right;
  3. tiles of crop_size in row-major order;
  4. base view: the original image resized (distorting) to shortest_edge x shortest_edge, put FIRST;
  5. every view: (no-op) resize of the shortest edge, (no-op) centre crop, x 1/255 in float64 -> float32,
     (x - mean) / std in float32.
"""

import math

import numpy as np
from PIL import Image

from llava_next import select_best_resolution

OPENAI_CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


def preprocessor_config(image_size, pinpoints):
    """preprocessor_config.json as LlavaNextImageProcessor saves it (sorted keys), scaled to a tiny tower."""
    return {
        "crop_size": {"height": image_size, "width": image_size},
        "do_center_crop": True,
        "do_convert_rgb": True,
        "do_normalize": True,
        "do_pad": True,
        "do_rescale": True,
        "do_resize": True,
        "image_grid_pinpoints": pinpoints,
        "image_mean": OPENAI_CLIP_MEAN,
        "image_processor_type": "LlavaNextImageProcessor",
        "image_std": OPENAI_CLIP_STD,
        "processor_class": "LlavaNextProcessor",
        "resample": 3,  # PIL bicubic
        "rescale_factor": 1 / 255,
        "size": {"shortest_edge": image_size},
    }


def processor_config(patch_size):
    """processor_config.json of LlavaNextProcessor (what expands <image> into the placeholder count)."""
    return {
        "image_token": "<image>",
        "num_additional_image_tokens": 1,  # the CLS token, subtracted again under "default"
        "patch_size": patch_size,
        "processor_class": "LlavaNextProcessor",
        "vision_feature_select_strategy": "default",
    }


def get_patch_output_size(original_size, target_resolution):
    original_height, original_width = original_size
    target_height, target_width = target_resolution
    scale_w = target_width / original_width
    scale_h = target_height / original_height
    if scale_w < scale_h:
        return min(math.ceil(original_height * scale_w), target_height), target_width
    return target_height, min(math.ceil(original_width * scale_h), target_width)


def padding_size(original_resolution, target_resolution):
    """_get_padding_size: ((top, bottom), (left, right)), the odd pixel going to the bottom / right."""
    (original_height, original_width), (target_height, target_width) = original_resolution, target_resolution
    paste_x, r_x = divmod(target_width - original_width, 2)
    paste_y, r_y = divmod(target_height - original_height, 2)
    return (paste_y, paste_y + r_y), (paste_x, paste_x + r_x)


def pil_resize(image, size):
    """image_transforms.resize on a uint8 HWC array: Pillow bicubic, uint8 out."""
    height, width = size
    return np.array(Image.fromarray(image).resize((width, height), resample=Image.BICUBIC, reducing_gap=None))


def shortest_edge_size(image_size, shortest_edge):
    """get_resize_output_image_size(default_to_square=False)."""
    height, width = image_size
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = shortest_edge, int(shortest_edge * long / short)
    return (new_long, new_short) if width <= height else (new_short, new_long)


def normalize(image, mean, std, rescale_factor):
    """rescale (float64 multiply, then float32) then normalize in float32; HWC uint8 -> CHW float32."""
    x = (image.astype(np.float64) * rescale_factor).astype(np.float32)
    x = (x - np.array(mean, dtype=np.float32)) / np.array(std, dtype=np.float32)
    return x.transpose(2, 0, 1)


def process(image, cfg):
    """image uint8 [h, w, 3] -> dict with pixel_values float32 [views, 3, crop, crop] and intermediates."""
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ValueError("expects an RGB uint8 [h, w, 3] image")
    crop = cfg["crop_size"]["height"]
    shortest = cfg["size"]["shortest_edge"]
    if cfg["crop_size"]["width"] != crop or shortest != crop:
        raise ValueError("only shortest_edge == crop_size (square crops) is reproduced")
    image_size = image.shape[:2]
    best = select_best_resolution(image_size, cfg["image_grid_pinpoints"])
    resized = pil_resize(image, get_patch_output_size(image_size, best))
    (top, bottom), (left, right) = padding_size(resized.shape[:2], best)
    padded = np.pad(resized, ((top, bottom), (left, right), (0, 0)), mode="constant", constant_values=0)
    tiles = [padded[i:i + crop, j:j + crop] for i in range(0, best[0], crop) for j in range(0, best[1], crop)]
    base = pil_resize(image, (shortest, shortest))
    views = []
    for view in [base] + tiles:
        view = pil_resize(view, shortest_edge_size(view.shape[:2], shortest))  # no-op for these square crops
        if view.shape[:2] != (crop, crop):
            raise AssertionError(f"view of {view.shape[:2]} after resize, expected {crop}x{crop}")
        views.append(normalize(view, cfg["image_mean"], cfg["image_std"], cfg["rescale_factor"]))
    return {
        "pixel_values": np.stack(views),  # [views, 3, crop, crop]
        "image_size": list(image_size),
        "best_resolution": list(best),
        "resized_for_patching": resized,  # uint8 [h', w', 3] (Pillow bicubic)
        "padding": [top, bottom, left, right],
        "base_resized": base,  # uint8 [shortest, shortest, 3] (Pillow bicubic)
    }
