using AsymVLM.Data.Benchmark;

namespace AsymVLM.Tests.Benchmark;

public class BitmapFontTests
{
    [Test]
    public void CoversLettersDigitsAndFormPunctuation()
    {
        foreach (char c in BitmapFont.Alphanumeric + ":-.")
            Assert.That(BitmapFont.Supports(c), Is.True, $"no glyph for '{c}'");
        Assert.That(BitmapFont.Supports('a'), Is.False);
    }

    [Test]
    public void EveryGlyphIsDistinctAndInked()
    {
        var shapes = BitmapFont.Characters.ToDictionary(c => c, Bitmap);
        Assert.That(shapes.Values.All(b => b.Contains('#')), Is.True);
        var duplicates = shapes.GroupBy(p => p.Value).Where(g => g.Count() > 1).Select(g => string.Concat(g.Select(p => p.Key)));
        Assert.That(duplicates, Is.Empty);
    }

    private static string Bitmap(char c) => string.Concat(
        from y in Enumerable.Range(0, BitmapFont.GlyphHeight)
        from x in Enumerable.Range(0, BitmapFont.GlyphWidth)
        select BitmapFont.IsInked(c, x, y) ? '#' : '.');
}
