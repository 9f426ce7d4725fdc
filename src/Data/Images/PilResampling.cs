namespace AsymVLM.Data.Images;

/// <summary>PIL's resampling filters under the integer codes HF's <c>preprocessor_config.json</c> stores in "resample".</summary>
public enum PilResampling
{
    Nearest = 0,
    Lanczos = 1,
    Bilinear = 2,
    Bicubic = 3,
    Box = 4,
    Hamming = 5,
}
