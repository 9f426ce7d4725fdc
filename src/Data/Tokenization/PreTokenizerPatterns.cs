using System.Text.RegularExpressions;

namespace AsymVLM.Data.Tokenization;

/// <summary>The split regexes of the byte-level BPE dialects, as written in their tokenizer.json files.</summary>
internal static class PreTokenizerPatterns
{
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public const string Qwen2 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static Regex For(ByteLevelBpeDialect dialect) => new(
        dialect switch
        {
            ByteLevelBpeDialect.Gpt2 => Gpt2,
            ByteLevelBpeDialect.Qwen2 => Qwen2,
            _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown byte-level BPE dialect."),
        },
        RegexOptions.Compiled);
}
