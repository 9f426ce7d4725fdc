namespace AsymVLM.Inference.Checkpoints;

/// <summary>
/// Maps the HF LLaVA weight layouts onto this model's parameter names (the classic llava-hf layout):
/// newer checkpoints use <c>model.language_model.*</c>, <c>model.vision_tower.*</c>,
/// <c>model.multi_modal_projector.*</c>, <c>model.image_newline</c> (LLaVA-NeXT) and a top-level <c>lm_head.*</c>; transformers 5 also drops the
/// CLIP tower's <c>vision_model.</c> level (<c>model.vision_tower.embeddings.*</c>).
/// </summary>
public static class WeightNames
{
    static readonly (string From, string To)[] Prefixes =
    [
        ("model.language_model.", "language_model.model."),
        ("model.vision_tower.", "vision_tower."),
        ("model.multi_modal_projector.", "multi_modal_projector."),
        ("lm_head.", "language_model.lm_head."),
        ("model.image_newline", "image_newline"),
    ];

    public static string Canonical(string name)
    {
        foreach (var (from, to) in Prefixes)
            if (name.StartsWith(from, StringComparison.Ordinal)) { name = to + name[from.Length..]; break; }
        const string tower = "vision_tower.", clip = "vision_tower.vision_model.";
        return name.StartsWith(tower, StringComparison.Ordinal) && !name.StartsWith(clip, StringComparison.Ordinal)
            ? clip + name[tower.Length..] : name;
    }

    /// <summary>
    /// Buffers some checkpoints carry that are recomputed here rather than loaded, and SigLIP's pooling head
    /// (<c>vision_use_head</c>), whose pooled output LLaVA never reads.
    /// </summary>
    public static bool IsIgnorable(string canonical) =>
        canonical.StartsWith("vision_tower.vision_model.head.", StringComparison.Ordinal) ||
        canonical.EndsWith(".position_ids", StringComparison.Ordinal) ||
        canonical.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal);
}
