namespace AsymVLM.Data.Images;

/// <summary>The convolution kernels of Pillow's <c>libImaging/Resample.c</c>, with their support radius at scale 1.</summary>
internal sealed record PilResampleFilter(Func<double, double> Kernel, double Support)
{
    public static PilResampleFilter For(PilResampling resampling) => resampling switch
    {
        PilResampling.Box => new(Box, 0.5),
        PilResampling.Bilinear => new(Bilinear, 1.0),
        PilResampling.Hamming => new(Hamming, 1.0),
        PilResampling.Bicubic => new(Bicubic, 2.0),
        PilResampling.Lanczos => new(Lanczos, 3.0),
        _ => throw new ArgumentException(
            $"Resampling {resampling} is not a convolution filter (PIL resizes with nearest by transform, which is not supported).", nameof(resampling)),
    };

    private static double Box(double x) => x > -0.5 && x <= 0.5 ? 1.0 : 0.0;

    private static double Bilinear(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static double Hamming(double x)
    {
        x = Math.Abs(x);
        if (x == 0.0)
            return 1.0;
        if (x >= 1.0)
            return 0.0;
        x *= Math.PI;
        // Pillow writes the window constants as C floats.
        return Math.Sin(x) / x * (0.54f + 0.46f * Math.Cos(x));
    }

    /// <summary>Keys' cubic convolution with a = -0.5.</summary>
    private static double Bicubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0)
            return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    private static double Sinc(double x)
    {
        if (x == 0.0)
            return 1.0;
        x *= Math.PI;
        return Math.Sin(x) / x;
    }

    private static double Lanczos(double x) => -3.0 <= x && x < 3.0 ? Sinc(x) * Sinc(x / 3) : 0.0;
}
