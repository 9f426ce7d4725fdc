namespace AsymVLM.Data.Tokenization;

/// <summary>
/// The pre-tokenization a byte-level BPE vocabulary was trained with: vocab.json + merges.txt alone do not say.
/// </summary>
public enum ByteLevelBpeDialect
{
    /// <summary>GPT-2's split (digit runs kept together), no normalization: HF's default byte-level pre-tokenizer.</summary>
    Gpt2,

    /// <summary>Qwen2's split (one digit per piece, letters may carry one leading non-letter), NFC-normalized input.</summary>
    Qwen2,
}
