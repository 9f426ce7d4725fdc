using AsymVLM.Inference.Model;
using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Pretraining;

/// <summary>Shape of the reference VLM: a LLaVA (CLIP + projector + Llama) sized to train on 2 CPU cores.</summary>
public sealed class ReferenceModelOptions : IValidatedOptions
{
    public int ImageSize { get; set; } = 128;
    public int PatchSize { get; set; } = 8;
    public int VisionHidden { get; set; } = 128;
    public int VisionLayers { get; set; } = 2;
    public int VisionHeads { get; set; } = 4;
    public int VisionIntermediate { get; set; } = 512;
    public int TextHidden { get; set; } = 192;
    public int TextLayers { get; set; } = 4;
    public int TextHeads { get; set; } = 6;
    public int TextKvHeads { get; set; } = 2;
    public int TextIntermediate { get; set; } = 512;
    public int MaxPositions { get; set; } = 512;
    /// <summary>Pixel normalization written to preprocessor_config.json; null means CLIP's.</summary>
    public double[]? ImageMean { get; set; }
    public double[]? ImageStd { get; set; }
    /// <summary>
    /// An exported reference VLM (HF layout) whose weights training starts from instead of a random init: a fine-tune.
    /// Its parameters must have this shape's names and sizes.
    /// </summary>
    public string? InitFrom { get; set; }
    /// <summary>
    /// Scale of the exact column code added to the tower's position embeddings at the start of a run (after
    /// <see cref="InitFrom"/>; see <see cref="ColumnPositionCode"/>); 0 adds none.
    /// </summary>
    public double ColumnCode { get; set; }

    public void Validate(string section)
    {
        foreach (var (v, k) in new[] { (ImageSize, "ImageSize"), (PatchSize, "PatchSize"), (VisionHidden, "VisionHidden"),
                     (VisionLayers, "VisionLayers"), (VisionHeads, "VisionHeads"), (VisionIntermediate, "VisionIntermediate"),
                     (TextHidden, "TextHidden"), (TextLayers, "TextLayers"), (TextHeads, "TextHeads"), (TextKvHeads, "TextKvHeads"),
                     (TextIntermediate, "TextIntermediate"), (MaxPositions, "MaxPositions") })
            Require.Positive(v, $"{section}:{k}");
        if (ImageMean is { Length: not 3 } || ImageStd is { Length: not 3 } || ImageStd?.Any(v => v <= 0) == true)
            throw new ConfigurationException($"{section}:ImageMean and {section}:ImageStd need three values each (std > 0).");
        Require.InRange(ColumnCode, 0, 10, $"{section}:ColumnCode");
        if (InitFrom is not null && !File.Exists(Path.Combine(InitFrom, "config.json")))
            throw new ConfigurationException($"{section}:InitFrom: no exported model (config.json) in '{InitFrom}'.");
        if (ImageSize % PatchSize != 0) throw new ConfigurationException($"{section}:ImageSize ({ImageSize}) must be a multiple of PatchSize ({PatchSize}).");
        if (TextHidden % TextHeads != 0) throw new ConfigurationException($"{section}:TextHidden must be a multiple of TextHeads.");
        if (TextHeads % TextKvHeads != 0) throw new ConfigurationException($"{section}:TextHeads must be a multiple of TextKvHeads.");
    }

    public LlavaConfig ToConfig(int vocabSize, int imageTokenId) => new()
    {
        Vision = new VisionConfig
        {
            HiddenSize = VisionHidden, IntermediateSize = VisionIntermediate, NumHiddenLayers = VisionLayers,
            NumAttentionHeads = VisionHeads, ImageSize = ImageSize, PatchSize = PatchSize,
        },
        Text = new TextConfig
        {
            VocabSize = vocabSize, HiddenSize = TextHidden, IntermediateSize = TextIntermediate,
            NumHiddenLayers = TextLayers, NumAttentionHeads = TextHeads, NumKeyValueHeads = TextKvHeads,
            HeadDim = TextHidden / TextHeads, MaxPositionEmbeddings = MaxPositions, RmsNormEps = 1e-5,
        },
        ImageTokenIndex = imageTokenId,
        // The last encoder layer's output: a 2-layer tower has no depth to spare for HF's default of -2.
        VisionFeatureLayers = [-1],
        VisionFeatureSelectStrategy = "default",
    };
}
