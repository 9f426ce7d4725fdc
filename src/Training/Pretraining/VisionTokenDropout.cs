using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Training-time vision-token dropout: each row keeps K of its image tokens, at their original positions. By default the
/// tokens its answers are read from and their evidence (<see cref="CaptionBatch.Evidence"/>) always stay; answer-agnostic
/// dropout (<c>protectEvidence: false</c>) keeps a structured draw that knows nothing of the answer instead: whole rows,
/// blocks around a few centres, or scattered cells. A model trained only on whole caches can come to count on every token
/// being there; pruning before prefill then costs it more than it costs a real VLM. One trained with the answer always
/// kept may instead learn to read whatever survives, which favours a selector that finds the answer (README: validity).
/// </summary>
public static class VisionTokenDropout
{
    /// <param name="Index">[B, L'] positions of the full sequence that stay, in order (every non-image position)</param>
    /// <param name="Cells">[B, K] the image cells that stay, in order</param>
    /// <param name="Regions">the grounding pairs renumbered into the kept sequence</param>
    public sealed record Kept(Tensor Index, Tensor Cells, GroundingLoss.Pairs Regions)
    {
        /// <summary>The kept positions of a per-position tensor [B, L] or [B, L, D].</summary>
        public Tensor Gather(Tensor t) => t.gather(1, t.dim() == 2 ? Index : Index.unsqueeze(-1).expand(-1, -1, t.shape[2]));

        /// <summary>The kept cells of a per-cell tensor [B, N] or [B, N, D].</summary>
        public Tensor GatherCells(Tensor t) => t.gather(1, t.dim() == 2 ? Cells : Cells.unsqueeze(-1).expand(-1, -1, t.shape[2]));
    }

    /// <param name="ids">[B, L] token ids with image placeholders</param>
    /// <param name="evidence">per row, the image-token positions that always stay</param>
    /// <param name="keep">image tokens to keep per row; raised to the most protected tokens of any row</param>
    /// <param name="protectEvidence">false: nothing is protected, the kept tokens are a structured draw, and grounding pairs
    /// whose key is dropped leave the loss</param>
    public static Kept Sample(Tensor ids, long imageTokenId, GroundingLoss.Pairs regions, int[][] evidence, int keep, Random rng, bool protectEvidence = true)
    {
        int rows = (int)ids.shape[0], length = (int)ids.shape[1];
        var flat = ids.data<long>().ToArray();
        var image = Enumerable.Range(0, rows).Select(b => Enumerable.Range(0, length).Where(t => flat[b * length + t] == imageTokenId).ToArray()).ToArray();
        var protectedKeys = evidence.Select(e => protectEvidence ? e.ToHashSet() : []).ToArray();
        if (protectEvidence)
            for (int i = 0; i < regions.Key.Length; i++) protectedKeys[regions.Query[i] / length].Add((int)regions.Key[i]);
        keep = Math.Max(keep, protectedKeys.Max(p => p.Count));

        var index = new List<long>();
        var cells = new List<long>();
        var renumber = new int[rows * length];
        Array.Fill(renumber, -1);
        int keptLength = 0;
        for (int b = 0; b < rows; b++)
        {
            var others = image[b].Where(t => !protectedKeys[b].Contains(t)).ToArray();
            if (protectEvidence) rng.Shuffle(others);
            else others = StructuredOrder(image[b], rng);
            var keptImage = protectedKeys[b].Concat(others.Take(keep - protectedKeys[b].Count)).ToHashSet();
            var keptRow = Enumerable.Range(0, length).Where(t => flat[b * length + t] != imageTokenId || keptImage.Contains(t)).ToArray();
            keptLength = keptRow.Length;
            for (int j = 0; j < keptRow.Length; j++) renumber[b * length + keptRow[j]] = j;
            index.AddRange(keptRow.Select(t => (long)t));
            cells.AddRange(Enumerable.Range(0, image[b].Length).Where(c => keptImage.Contains(image[b][c])).Select(c => (long)c));
        }
        return new Kept(tensor(index.ToArray()).view(rows, keptLength), tensor(cells.ToArray()).view(rows, keep),
            Renumber(regions, renumber, length, keptLength));
    }

    // The grounding pairs in the kept sequence; pairs whose key was dropped go, and so do queries left with no key.
    static GroundingLoss.Pairs Renumber(GroundingLoss.Pairs regions, int[] renumber, int length, int keptLength)
    {
        var live = Enumerable.Range(0, regions.Key.Length).Where(i => renumber[regions.Query[i] / length * length + regions.Key[i]] >= 0).ToArray();
        var groups = live.Select(i => regions.Group[i]).Distinct().Select((g, n) => (g, n)).ToDictionary(x => x.g, x => (long)x.n);
        var query = live.Select(i => (long)(regions.Query[i] / length * keptLength + renumber[regions.Query[i]])).ToArray();
        var key = live.Select(i => (long)renumber[regions.Query[i] / length * length + regions.Key[i]]).ToArray();
        return new GroundingLoss.Pairs(query, key, live.Select(i => groups[regions.Group[i]]).ToArray(), groups.Count, keptLength);
    }

    // The row's image positions in the order an answer-agnostic dropout keeps them: whole rows in random order, cells
    // nearest to 1-4 random centres (blocks), or a random order (scattered), each a third of the time.
    static int[] StructuredOrder(int[] image, Random rng)
    {
        // Raster order on a square grid (the benchmark's); a count that is not square fills its last row partly.
        int side = (int)Math.Ceiling(Math.Sqrt(image.Length)), rows = (image.Length + side - 1) / side;
        var cells = Enumerable.Range(0, image.Length).ToArray();
        rng.Shuffle(cells);
        switch (rng.Next(3))
        {
            case 0:
                var rowRank = Enumerable.Range(0, rows).OrderBy(_ => rng.Next()).Select((row, rank) => (row, rank)).ToDictionary(x => x.row, x => x.rank);
                cells = cells.OrderBy(c => rowRank[c / side]).ToArray();
                break;
            case 1:
                var centres = Enumerable.Range(0, 1 + rng.Next(4)).Select(_ => (Row: rng.Next(rows), Col: rng.Next(side))).ToArray();
                cells = cells.OrderBy(c => centres.Min(x => Math.Max(Math.Abs(c / side - x.Row), Math.Abs(c % side - x.Col)))).ToArray();
                break;
        }
        return cells.Select(c => image[c]).ToArray();
    }
}
