using System.Text.Json;

namespace AsymVLM.Tests.RealWorld.Fixtures;

/// <summary>Writes the tiny Llama and Qwen2 tokenizer directories the tokenizer tests load.</summary>
internal static class TokenizerFixtures
{
    public static int LlamaImageId => SentencePieceModelBytes.PieceCount;
    public static int LlamaPadId => SentencePieceModelBytes.PieceCount + 1;

    public static void WriteLlama(TempDirectory dir)
    {
        File.WriteAllBytes(dir.File("tokenizer.model"), SentencePieceModelBytes.Build());
        dir.Write("tokenizer_config.json", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["tokenizer_class"] = "LlamaTokenizer",
            ["add_bos_token"] = true,
            ["add_eos_token"] = false,
            ["bos_token"] = new { __type = "AddedToken", content = "<s>", lstrip = false },
            ["eos_token"] = "</s>",
            ["unk_token"] = "<unk>",
            ["pad_token"] = "<pad>",
            ["added_tokens_decoder"] = new Dictionary<string, object>
            {
                ["0"] = new { content = "<unk>", special = true },
                ["1"] = new { content = "<s>", special = true },
                ["2"] = new { content = "</s>", special = true },
                [LlamaImageId.ToString()] = new { content = "<image>", special = true },
                [LlamaPadId.ToString()] = new { content = "<pad>", special = true },
            },
        }));
    }

    /// <summary>Byte-level vocabulary: base byte characters 0-21, merge results 22-32 in merge order.</summary>
    public static readonly string[] QwenVocab =
    [
        "h", "e", "l", "o", "w", "r", "d", "Ġ", "1", "2", "3", "Ċ", "Ã", "©", "s", "y", "t", "m", "u", "a", "i", "n",
        "he", "ll", "hell", "hello", "Ġw", "or", "Ġwor", "Ġworl", "Ġworld", "12", "Ã©",
    ];

    public static readonly string[] QwenMerges =
        ["h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d", "1 2", "Ã ©"];

    public const int EndOfTextId = 33, ImStartId = 34, ImEndId = 35, QwenImageId = 36;

    public static int Qwen(string token) => Array.IndexOf(QwenVocab, token) is var id and >= 0 ? id : throw new ArgumentException(token);

    public static void WriteQwen2(TempDirectory dir, string tokenizerClass = "Qwen2Tokenizer")
    {
        dir.Write("vocab.json", JsonSerializer.Serialize(QwenVocab.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i)));
        dir.Write("merges.txt", "#version: 0.2\n" + string.Join("\n", QwenMerges) + "\n");
        dir.Write("tokenizer_config.json", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["tokenizer_class"] = tokenizerClass,
            ["bos_token"] = null,
            ["eos_token"] = "<|im_end|>",
            ["pad_token"] = "<|endoftext|>",
            ["added_tokens_decoder"] = new Dictionary<string, object>
            {
                [EndOfTextId.ToString()] = new { content = "<|endoftext|>", special = true },
                [ImStartId.ToString()] = new { content = "<|im_start|>", special = true },
                [ImEndId.ToString()] = new { content = "<|im_end|>", special = true },
                [QwenImageId.ToString()] = new { content = "<image>", special = true },
            },
        }));
    }
}
