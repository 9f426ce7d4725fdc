namespace AsymVLM.Data.Images;

/// <summary>
/// Pillow's <c>Image.resize</c> for 8-bit RGB (<c>ImagingResample</c>): a separable convolution, horizontal pass then
/// vertical pass, whose support widens with the downscale factor (antialiasing). Each pass uses 22-bit fixed-point
/// weights and rounds and clamps to uint8, so results match PIL bit for bit.
/// </summary>
public static class PilResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    public static RgbImage Resize(RgbImage image, int width, int height, PilResampling resampling)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Target size must be positive, got {width}x{height}.");
        PilResampleFilter filter = PilResampleFilter.For(resampling);
        RgbImage result = image;
        if (width != image.Width)
            result = ResampleHorizontal(result, width, filter);
        if (height != image.Height)
            result = ResampleVertical(result, height, filter);
        return result;
    }

    private static RgbImage ResampleHorizontal(RgbImage input, int outWidth, PilResampleFilter filter)
    {
        Coefficients coeffs = Coefficients.Compute(input.Width, outWidth, filter);
        byte[] src = input.Pixels;
        byte[] dst = new byte[outWidth * input.Height * 3];
        for (int y = 0; y < input.Height; y++)
        {
            int rowStart = y * input.Width * 3;
            for (int xx = 0; xx < outWidth; xx++)
            {
                (int first, int count) = coeffs.Bounds[xx];
                int kernelStart = xx * coeffs.KernelSize;
                for (int c = 0; c < 3; c++)
                {
                    int sum = 1 << (PrecisionBits - 1);
                    for (int k = 0; k < count; k++)
                        sum += src[rowStart + (first + k) * 3 + c] * coeffs.Weights[kernelStart + k];
                    dst[(y * outWidth + xx) * 3 + c] = Clip8(sum);
                }
            }
        }
        return new RgbImage(outWidth, input.Height, dst);
    }

    private static RgbImage ResampleVertical(RgbImage input, int outHeight, PilResampleFilter filter)
    {
        Coefficients coeffs = Coefficients.Compute(input.Height, outHeight, filter);
        byte[] src = input.Pixels;
        int stride = input.Width * 3;
        byte[] dst = new byte[input.Width * outHeight * 3];
        for (int yy = 0; yy < outHeight; yy++)
        {
            (int first, int count) = coeffs.Bounds[yy];
            int kernelStart = yy * coeffs.KernelSize;
            for (int i = 0; i < stride; i++)
            {
                int sum = 1 << (PrecisionBits - 1);
                for (int k = 0; k < count; k++)
                    sum += src[(first + k) * stride + i] * coeffs.Weights[kernelStart + k];
                dst[yy * stride + i] = Clip8(sum);
            }
        }
        return new RgbImage(input.Width, outHeight, dst);
    }

    private static byte Clip8(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    /// <summary>Per output pixel: the first input pixel, how many contribute, and their fixed-point weights.</summary>
    private sealed record Coefficients((int First, int Count)[] Bounds, int[] Weights, int KernelSize)
    {
        /// <summary>Pillow's <c>precompute_coeffs</c> + <c>normalize_coeffs_8bpc</c> over the full box [0, inSize).</summary>
        public static Coefficients Compute(int inSize, int outSize, PilResampleFilter filter)
        {
            // Pillow passes the box edges as C floats.
            double scale = (double)((float)inSize - 0f) / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = filter.Support * filterScale;
            int kernelSize = (int)Math.Ceiling(support) * 2 + 1;

            var bounds = new (int, int)[outSize];
            var weights = new int[outSize * kernelSize];
            var kernel = new double[kernelSize];
            for (int xx = 0; xx < outSize; xx++)
            {
                double center = (xx + 0.5) * scale;
                double invScale = 1.0 / filterScale;
                int xmin = Math.Max((int)(center - support + 0.5), 0);
                int xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
                double total = 0.0;
                for (int x = 0; x < xmax; x++)
                {
                    kernel[x] = filter.Kernel((x + xmin - center + 0.5) * invScale);
                    total += kernel[x];
                }
                for (int x = 0; x < xmax; x++)
                {
                    double w = total != 0.0 ? kernel[x] / total : kernel[x];
                    weights[xx * kernelSize + x] = w < 0
                        ? (int)(-0.5 + w * (1 << PrecisionBits))
                        : (int)(0.5 + w * (1 << PrecisionBits));
                }
                bounds[xx] = (xmin, xmax);
            }
            return new Coefficients(bounds, weights, kernelSize);
        }
    }
}
