namespace AsymVLM.Inference.Evaluation;

/// <summary>kept_patches.png: sample images of different families with the kept patches of one pruned configuration.</summary>
public static class KeptPatchGrid
{
    public static void Write(string path, IReadOnlyList<SampleOutcome> outcomes, int grid, int count = 8)
    {
        var pruned = outcomes.Where(o => o.Configuration.TextPolicy == "none" && o.Configuration.Selector != "none").ToList();
        if (pruned.Count == 0) return;
        // Prefer the learned selector near 25% keep, the figure the README shows.
        var config = pruned.Select(o => o.Configuration).Distinct()
            .OrderBy(c => c.Selector == "learned" ? 0 : 1).ThenBy(c => Math.Abs(c.Keep - 0.25)).First();
        var chosen = pruned.Where(o => o.Configuration == config).GroupBy(o => o.Sample.Family)
            .SelectMany(g => g.Take((count + 3) / 4)).Take(count).ToList();
        var decoded = chosen.Select(o => (Outcome: o, Image: o.Sample.Item.Image.Decode())).ToList();
        var first = decoded[0].Image;
        // Tiles must share a size; real datasets' images vary, so only those shaped like the first are drawn.
        var tiles = decoded.Where(d => d.Image.Width == first.Width && d.Image.Height == first.Height)
            .Select(d => KeptPatchOverlay.Draw(d.Image.Pixels, d.Image.Width, d.Image.Height, grid, d.Outcome.Kept)).ToList();
        var (rgb, w, h) = KeptPatchOverlay.Tile(tiles, first.Width, first.Height, 4);
        PngFile.Write(path, rgb, w, h);
    }
}
