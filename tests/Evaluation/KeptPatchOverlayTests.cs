using AsymVLM.Inference.Evaluation;

namespace AsymVLM.Tests.Evaluation;

public class KeptPatchOverlayTests
{
    // 4x4 RGB image, every byte distinct so a moved or dimmed pixel cannot look unchanged.
    static readonly byte[] Image = Enumerable.Range(0, 4 * 4 * 3).Select(i => (byte)(60 + 4 * i)).ToArray();

    [Test]
    public void DimsExactlyThePixelsOfDroppedPatches()
    {
        // 2x2 patch grid over a 4x4 image: patch (row, col) covers pixels y in [2 row, 2 row + 2), x in [2 col, 2 col + 2).
        var drawn = KeptPatchOverlay.Draw(Image, 4, 4, grid: 2, kept: [1, 2]);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
            {
                bool kept = (y / 2) * 2 + x / 2 is 1 or 2;
                for (int c = 0; c < 3; c++)
                {
                    int i = (y * 4 + x) * 3 + c;
                    Assert.That(drawn[i], kept ? Is.EqualTo(Image[i]) : Is.LessThan(Image[i]), $"pixel ({x}, {y}) channel {c}");
                }
            }
        Assert.That(Image[0], Is.EqualTo(60), "the input is left as it was");
    }

    [Test]
    public void KeepingEveryPatchChangesNothingAndKeepingNoneDimsAll()
    {
        Assert.That(KeptPatchOverlay.Draw(Image, 4, 4, grid: 2, kept: [0, 1, 2, 3]), Is.EqualTo(Image));
        var dimmed = KeptPatchOverlay.Draw(Image, 4, 4, grid: 2, kept: []);
        Assert.That(dimmed.Zip(Image).All(p => p.First < p.Second), Is.True);
    }

    [Test]
    public void TilePlacesImagesInRowsWithGaps()
    {
        byte[] red = [255, 0, 0, 255, 0, 0], blue = [0, 0, 255, 0, 0, 255];              // 2x1 each
        var (rgb, w, h) = KeptPatchOverlay.Tile([red, blue, red], 2, 1, columns: 2, gap: 1);
        Assert.That((w, h), Is.EqualTo((2 * 2 + 3, 2 * 1 + 3)));
        byte[] Pixel(int x, int y) => rgb[((y * w + x) * 3)..((y * w + x) * 3 + 3)];
        Assert.That(Pixel(1, 1), Is.EqualTo(new byte[] { 255, 0, 0 }));
        Assert.That(Pixel(4, 1), Is.EqualTo(new byte[] { 0, 0, 255 }));
        Assert.That(Pixel(1, 3), Is.EqualTo(new byte[] { 255, 0, 0 }));
        Assert.That(Pixel(4, 3), Is.EqualTo(new byte[] { 255, 255, 255 }), "the empty cell stays white");
        Assert.That(Pixel(0, 0), Is.EqualTo(new byte[] { 255, 255, 255 }));
    }
}
