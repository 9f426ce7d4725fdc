namespace AsymVLM.Data.Tokenization;

/// <summary>Opens the tokenizer of a HuggingFace-layout model directory.</summary>
public static class TokenizerLoader
{
    /// <summary>
    /// Picks the implementation from <c>tokenizer_config.json</c>'s <c>tokenizer_class</c>; for any other class
    /// (or no config) from the files present: <c>tokenizer.model</c> means SentencePiece,
    /// <c>vocab.json</c> + <c>merges.txt</c> mean GPT-2-style byte-level BPE.
    /// </summary>
    public static ITokenizer Load(string modelDir)
    {
        if (!Directory.Exists(modelDir))
            throw new DirectoryNotFoundException($"Tokenizer directory '{modelDir}' does not exist.");
        TokenizerConfig config = TokenizerConfig.Load(modelDir);
        string sentencePieceModel = Path.Combine(modelDir, SentencePieceTokenizer.ModelFileName);
        string vocab = Path.Combine(modelDir, ByteLevelBpeTokenizer.VocabFileName);
        string merges = Path.Combine(modelDir, ByteLevelBpeTokenizer.MergesFileName);

        switch (config.TokenizerClass)
        {
            case "LlamaTokenizer" or "LlamaTokenizerFast":
                return SentencePieceTokenizer.Load(sentencePieceModel, config);
            case "Qwen2Tokenizer" or "Qwen2TokenizerFast":
                return ByteLevelBpeTokenizer.Load(vocab, merges, config, ByteLevelBpeDialect.Qwen2);
            case BenchmarkTokenizer.TokenizerClass:
                return BenchmarkTokenizer.Load(modelDir);
        }

        if (File.Exists(sentencePieceModel))
            return SentencePieceTokenizer.Load(sentencePieceModel, config);
        if (File.Exists(vocab) && File.Exists(merges))
            return ByteLevelBpeTokenizer.Load(vocab, merges, config, ByteLevelBpeDialect.Gpt2);

        string cls = config.TokenizerClass is null ? "no tokenizer_class" : $"tokenizer_class '{config.TokenizerClass}'";
        throw new InvalidDataException(
            $"Cannot tell the tokenizer of '{modelDir}': {cls} in {TokenizerConfig.ConfigFileName}, and neither " +
            $"{SentencePieceTokenizer.ModelFileName} nor {ByteLevelBpeTokenizer.VocabFileName} + {ByteLevelBpeTokenizer.MergesFileName} is present.");
    }
}
