using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// The vision tokens (row-major patches of the model's input) that answer regions cover: pixel boxes of the
/// original image, carried through the preprocessor's pad to square, resize and center crop.
/// </summary>
public static class AnswerRegionTokens
{
    public static long[] Of(IEnumerable<Box> regions, int width, int height, ClipImageProcessor processor, int gridHeight, int gridWidth)
    {
        var config = processor.Config;
        double padX = 0, padY = 0;
        if (processor.PadToSquare && width != height)
        {
            int side = Math.Max(width, height);
            (padX, padY) = ((side - width) / 2, (side - height) / 2);
            width = height = side;
        }
        var (resizedHeight, resizedWidth) = config.DoResize ? processor.ResizeTarget(height, width) : (height, width);
        double scaleX = (double)resizedWidth / width, scaleY = (double)resizedHeight / height;
        var (inputHeight, inputWidth) = config.DoCenterCrop ? (config.CropHeight, config.CropWidth) : (resizedHeight, resizedWidth);
        // HF's center crop starts at (size - crop) // 2, floor division.
        double cropX = Math.Floor((resizedWidth - inputWidth) / 2.0), cropY = Math.Floor((resizedHeight - inputHeight) / 2.0);
        double patchX = (double)inputWidth / gridWidth, patchY = (double)inputHeight / gridHeight;

        var tokens = new SortedSet<long>();
        foreach (var r in regions)
        {
            var (x0, x1) = (((r.X + padX) * scaleX - cropX) / patchX, ((r.X + r.Width + padX) * scaleX - cropX) / patchX);
            var (y0, y1) = (((r.Y + padY) * scaleY - cropY) / patchY, ((r.Y + r.Height + padY) * scaleY - cropY) / patchY);
            // Every patch the box overlaps, clipped to the grid (a region may be cropped away entirely).
            for (int y = Math.Max(0, (int)Math.Floor(y0)); y < Math.Min(gridHeight, (int)Math.Ceiling(y1)); y++)
                for (int x = Math.Max(0, (int)Math.Floor(x0)); x < Math.Min(gridWidth, (int)Math.Ceiling(x1)); x++)
                    tokens.Add((long)y * gridWidth + x);
        }
        return tokens.ToArray();
    }
}
