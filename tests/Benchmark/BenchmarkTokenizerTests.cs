using System.Text.Json;
using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Tokenization;

namespace AsymVLM.Tests.Benchmark;

public class BenchmarkTokenizerTests
{
    private static readonly BenchmarkTokenizer Tokenizer = BenchmarkTokenizer.CreateDefault();

    [Test]
    public void ControlTokensHaveFixedIdsAndTheVocabularyIsSmall()
    {
        Assert.That(new[] { Tokenizer.PadId, Tokenizer.BosId, Tokenizer.EosId },
            Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(BenchmarkTokenizer.ControlTokens.Select(Tokenizer.TokenToId), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(Tokenizer.TokenToId("<image>"), Is.EqualTo(4));
        Assert.That(Tokenizer.VocabSize, Is.LessThan(128));
        Assert.That(() => Tokenizer.TokenToId("<mask>"), Throws.TypeOf<KeyNotFoundException>());
    }

    [Test]
    public void GeneratedQuestionsAndAnswersRoundTripWithoutUnknowns()
    {
        for (int i = 0; i < 3000; i++)
        {
            BenchmarkSample s = SyntheticBenchmark.Render(9, i).Sample;
            foreach (string text in new[] { s.Question, s.Answer })
            {
                var ids = Tokenizer.Encode(text);
                Assert.That(ids, Has.No.Member(Tokenizer.UnkId), text);
                Assert.That(Tokenizer.Decode(ids), Is.EqualTo(text));
            }
        }
    }

    [Test]
    public void EachUppercaseLetterDigitAndPunctuationIsOneToken()
    {
        var ids = Tokenizer.Encode("K7QX");
        Assert.That(ids, Is.EqualTo("K7QX".Select(c => Tokenizer.TokenToId(c.ToString()))));
        foreach (char c in BitmapFont.Alphanumeric + ":-.?\n")
            Assert.That(Tokenizer.Encode(c.ToString()), Has.Count.EqualTo(1), $"'{c}'");
        Assert.That(Tokenizer.Encode("0123456789ABCDEF"), Has.Count.EqualTo(16));
    }

    [Test]
    public void QuestionWordsAreOneTokenEachWithTheirLeadingSpace()
    {
        Assert.That(Pieces("what is the value of TOTAL?"),
            Is.EqualTo(new[] { "what", " is", " the", " value", " of", " ", "T", "O", "T", "A", "L", "?" }));
        Assert.That(Pieces("how many yellow shapes?"), Is.EqualTo(new[] { "how", " many", " yellow", " shapes", "?" }));
        Assert.That(Pieces("read line 3"), Is.EqualTo(new[] { "read", " line", " ", "3" }));
        Assert.That(Pieces("triangle"), Is.EqualTo(new[] { "triangle" }));
        foreach (string word in QuestionTemplates.Words)
        {
            Assert.That(Tokenizer.Encode(word), Has.Count.EqualTo(1), word);
            Assert.That(Tokenizer.Encode(" " + word), Has.Count.EqualTo(1), " " + word);
        }
    }

    [Test]
    public void ControlTokenStringsInTextAreTextAndDecodeSkipsControlIds()
    {
        foreach (var control in BenchmarkTokenizer.ControlTokens)
        {
            var ids = Tokenizer.Encode($"read {control} line");
            Assert.That(ids.Where(id => id < BenchmarkTokenizer.ControlTokens.Count), Is.All.EqualTo(Tokenizer.UnkId), control);
        }
        var line = Tokenizer.Encode("\nread line 2");
        Assert.That(Tokenizer.Decode([Tokenizer.BosId, Tokenizer.ImageId, .. line, Tokenizer.EosId, Tokenizer.PadId]), Is.EqualTo("\nread line 2"));
    }

    [Test]
    public void UnknownWordsBecomeUnknownTokens()
    {
        var ids = Tokenizer.Encode("what dog");
        Assert.That(ids.Count(id => id == Tokenizer.UnkId), Is.EqualTo(3));
        Assert.That(() => Tokenizer.Decode([Tokenizer.VocabSize]), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void SaveThenLoadGivesTheSameTokenizer()
    {
        string dir = Directory.CreateTempSubdirectory("asymvlm-tok-").FullName;
        try
        {
            Tokenizer.Save(dir);
            var loaded = BenchmarkTokenizer.Load(dir);

            Assert.That(loaded.Tokens, Is.EqualTo(Tokenizer.Tokens));
            Assert.That(loaded.WordTokens, Is.EqualTo(Tokenizer.WordTokens));
            const string text = "what color is the circle?";
            Assert.That(loaded.Encode(text), Is.EqualTo(Tokenizer.Encode(text)));
            using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "tokenizer_config.json")));
            Assert.That(config.RootElement.GetProperty("tokenizer_class").GetString(), Is.EqualTo("AsymBenchmarkTokenizer"));
            Assert.That(config.RootElement.GetProperty("image_token").GetString(), Is.EqualTo("<image>"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("tokenizer_config.json", "AsymBenchmarkTokenizer", "SomethingElse")]
    [TestCase("vocab.json", "\"<pad>\": 0", "\"<pad>\": 1")]
    [TestCase("vocab.json", "{", "[")]
    [TestCase("merges.txt", "#version: 0.2", "#version: 0.2\nA B")]
    public void LoadErrorsNameTheFileAtFault(string file, string find, string replace)
    {
        string dir = Directory.CreateTempSubdirectory("asymvlm-tok-").FullName;
        try
        {
            Tokenizer.Save(dir);
            string path = Path.Combine(dir, file);
            string original = File.ReadAllText(path);
            Assert.That(original, Does.Contain(find));
            File.WriteAllText(path, original.Replace(find, replace));

            var error = Assert.Throws<InvalidDataException>(() => BenchmarkTokenizer.Load(dir))!;
            Assert.That(error.Message, Does.Contain(file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void LoadOfAMissingFileNamesIt()
    {
        string dir = Directory.CreateTempSubdirectory("asymvlm-tok-").FullName;
        try
        {
            Tokenizer.Save(dir);
            File.Delete(Path.Combine(dir, "merges.txt"));
            var error = Assert.Throws<FileNotFoundException>(() => BenchmarkTokenizer.Load(dir))!;
            Assert.That(error.Message, Does.Contain("merges.txt"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] Pieces(string text) => Tokenizer.Encode(text).Select(id => Tokenizer.Tokens[id]).ToArray();
}
