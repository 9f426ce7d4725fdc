"""Expected values for ImagePreprocessingTests, computed with Pillow and numpy.

Run: /usr/bin/python3 pil_resize_reference.py (Debian: apt-get install python3-pil python3-numpy; produced with
Pillow 9.4.0, numpy 1.24.2). Prints C# array literals to paste into the tests. The CLIP steps follow
transformers' slow CLIPImageProcessor: PIL resize of the uint8 image, center crop at (size - crop) // 2,
rescale in float64 then cast to float32, normalize in float32; LLaVA's expand2square pads with int(mean * 255).
"""
import numpy as np
from PIL import Image

MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]


def fixture(width=7, height=5):
    """Same formula as ImagePreprocessingTests.Fixture: varied values with sharp edges."""
    a = np.zeros((height, width, 3), dtype=np.uint8)
    for y in range(height):
        for x in range(width):
            for c in range(3):
                a[y, x, c] = (x * 37 + y * 53 + c * 91 + x * y * 7) % 256
    return Image.fromarray(a, "RGB")


def bytes_literal(name, img):
    values = ", ".join(str(v) for v in np.asarray(img).reshape(-1))
    print(f"// {name}: {img.size[0]}x{img.size[1]}\n[{values}]")


def clip_pixel_values(img, crop):
    a = np.asarray(img)
    h, w = a.shape[:2]
    top, left = (h - crop) // 2, (w - crop) // 2
    a = a[top:top + crop, left:left + crop]
    a = (a.astype(np.float64) * (1 / 255)).astype(np.float32)
    a = (a - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    chw = a.transpose(2, 0, 1).reshape(-1)
    return "[" + ", ".join(np.format_float_positional(v, unique=True) + "f" for v in chw) + "]"


def expand2square(img, background):
    width, height = img.size
    side = max(width, height)
    result = Image.new(img.mode, (side, side), background)
    result.paste(img, ((side - width) // 2, (side - height) // 2))
    return result


img = fixture()
bytes_literal("bicubic 4x3", img.resize((4, 3), Image.BICUBIC))
bytes_literal("bicubic 8x6 (upscale)", img.resize((8, 6), Image.BICUBIC))
bytes_literal("bilinear 4x3", img.resize((4, 3), Image.BILINEAR))
bytes_literal("lanczos 5x4", img.resize((5, 4), Image.LANCZOS))
bytes_literal("box 3x2", img.resize((3, 2), Image.BOX))
bytes_literal("hamming 4x3", img.resize((4, 3), Image.HAMMING))
# shortest_edge 3 on 7x5: height 3, width int(3 * 7 / 5) = 4; crop 3x3.
print("// CLIP pixel values, shortest_edge 3, crop 3x3")
print(clip_pixel_values(img.resize((4, 3), Image.BICUBIC), 3))
background = tuple(int(m * 255) for m in MEAN)
print("// pad to square", background, "then bicubic 3x3")
bytes_literal("padded", expand2square(img, background).resize((3, 3), Image.BICUBIC))
