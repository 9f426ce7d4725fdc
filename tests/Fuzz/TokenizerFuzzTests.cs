using System.Text.Json.Nodes;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Model;
using AsymVLM.Tests.RealWorld.Fixtures;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// One file of a tokenizer directory mutated (the benchmark tokenizer's, a Qwen2 byte-level BPE's, a Llama
/// SentencePiece's, in turn), then loaded and checked against a model vocabulary of the seed's size: a clear error,
/// or a tokenizer whose encodings stay inside its vocabulary and decode without error.
/// </summary>
public class TokenizerFuzzTests
{
    static readonly (string Family, Action<TempDirectory> Write)[] Families =
    [
        ("benchmark", dir => BenchmarkTokenizer.CreateDefault().Save(dir.Path)),
        ("qwen2", dir => TokenizerFixtures.WriteQwen2(dir)),
        ("llama", TokenizerFixtures.WriteLlama),
    ];

    static string Mutate(Mutator mutator, string file)
    {
        if (file.EndsWith(".json") && mutator.Next(4) != 0)
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!;
            string what = mutator.MutateJson(json);
            File.WriteAllText(file, json.ToJsonString());
            return what;
        }
        if (file.EndsWith(".model"))
        {
            byte[] bytes = File.ReadAllBytes(file);
            string what = mutator.MutateBytes(ref bytes);
            File.WriteAllBytes(file, bytes);
            return what;
        }
        string text = File.ReadAllText(file);
        string mutation = mutator.MutateText(ref text);
        File.WriteAllText(file, text);
        return mutation;
    }

    [Test]
    public void MutatedTokenizerFilesGiveAClearErrorOrAWorkingTokenizer()
    {
        var vocabSizes = new Dictionary<string, int>();
        foreach (var (family, write) in Families)
        {
            using var seed = new TempDirectory();
            write(seed);
            vocabSizes[family] = TokenizerLoader.Load(seed.Path).VocabSize;
        }

        var oracle = new ClearErrorOracle();
        for (int i = 0; i < FuzzCaseCounts.Tokenizer; i++)
        {
            var mutator = new Mutator(i);
            var (family, write) = Families[i % Families.Length];
            using var dir = new TempDirectory();
            write(dir);
            string file = mutator.Pick(Directory.GetFiles(dir.Path).Order().ToList());
            string what = $"{family} {Path.GetFileName(file)}: {Mutate(mutator, file)}";
            var config = TinyConfigs.Llava() with { Text = TinyConfigs.Llava().Text with { VocabSize = vocabSizes[family] }, ImageTokenIndex = 0 };
            oracle.Run($"case {i} ({what})", dir.Path, () =>
            {
                ITokenizer tokenizer = TokenizerLoader.Load(dir.Path);
                VlmLoader.CheckVocabulary(tokenizer, config, dir.Path, "config.json");
                var ids = tokenizer.Encode("HELLO world 12 <image>");
                Assert.That(ids.All(id => id >= 0 && id < tokenizer.VocabSize), Is.True, $"case {i}: ids outside the vocabulary");
                tokenizer.Decode(ids);
            });
        }
        oracle.AssertAllClear(FuzzCaseCounts.Tokenizer);
    }
}
