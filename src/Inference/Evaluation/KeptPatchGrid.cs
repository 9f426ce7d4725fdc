using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// kept_patches.png: sample images of different families with the kept patches of one pruned configuration (an AnyRes
/// model's: each sample's base view and tile map side by side).
/// </summary>
public static class KeptPatchGrid
{
    const int Columns = 4;

    /// <param name="model">the model the outcomes come from: its grid, or an AnyRes image's views (base view and tile map side by side)</param>
    public static void Write(string path, IReadOnlyList<SampleOutcome> outcomes, LlavaModel model, int count = 8)
    {
        if (outcomes.Count == 0) throw new ArgumentException("No outcomes to draw kept patches from.", nameof(outcomes));
        var shown = Choose(outcomes.Select(o => o.Configuration).Distinct().ToList());
        var byFamily = outcomes.Where(o => o.Configuration == shown).GroupBy(o => o.Sample.Family).Select(g => g.ToList()).ToList();
        // Round-robin over families: the i-th sample of every family before the (i+1)-th of any.
        var chosen = Enumerable.Range(0, count).SelectMany(i => byFamily.Where(g => i < g.Count).Select(g => g[i])).Take(count).ToList();
        var decoded = chosen.Select(o => (Outcome: o, Image: o.Sample.Item.Image.Decode())).ToList();
        var first = decoded[0].Image;
        // Tiles must share a size; real datasets' images vary, so only those shaped like the first are drawn. An image's
        // size sets its AnyRes layout, so these also share their views.
        var anyRes = model.Config.IsAnyRes ? model.AnyResLayout(first.Height, first.Width) : null;
        var tiles = decoded.Where(d => d.Image.Width == first.Width && d.Image.Height == first.Height)
            .Select(d => KeptPatchOverlay.DrawAsSeen(d.Image, model.Config.Vision, anyRes, d.Outcome.Kept)).ToList();
        var (rgb, w, h) = KeptPatchOverlay.Tile(tiles.Select(t => t.Rgb).ToList(), tiles[0].Width, tiles[0].Height, Math.Min(Columns, tiles.Count));
        PngFile.Write(path, rgb, w, h);
    }

    /// <summary>
    /// The configuration shown: the learned selector if it ran, else the first pruning selector given, at the fixed
    /// keep nearest 25 % (the figure the README shows); the unpruned one when nothing was pruned. The text policy
    /// does not change which patches are kept, so the first listed wins.
    /// </summary>
    public static EvalConfiguration Choose(IReadOnlyList<EvalConfiguration> configurations)
    {
        var pruned = configurations.Where(c => c.Selector != "none").ToList();
        if (pruned.Count == 0) return configurations[0];
        string selector = pruned.Any(c => c.Selector == "learned") ? "learned" : pruned[0].Selector;
        return pruned.Where(c => c.Selector == selector)
            .OrderBy(c => c.Adaptive).ThenBy(c => Math.Abs(c.Keep - 0.25)).First();
    }
}
