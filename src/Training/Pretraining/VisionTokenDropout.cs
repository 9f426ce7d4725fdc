using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Training-time vision-token dropout: each row keeps K of its image tokens, always including those its answers
/// are read from and their evidence (<see cref="CaptionBatch.Evidence"/>), at their original positions. A model trained only on whole caches can
/// come to count on every token being there; pruning before prefill then costs it more than it costs a real VLM.
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
    public static Kept Sample(Tensor ids, long imageTokenId, GroundingLoss.Pairs regions, int[][] evidence, int keep, Random rng)
    {
        int rows = (int)ids.shape[0], length = (int)ids.shape[1];
        var flat = ids.data<long>().ToArray();
        var image = Enumerable.Range(0, rows).Select(b => Enumerable.Range(0, length).Where(t => flat[b * length + t] == imageTokenId).ToArray()).ToArray();
        var protectedKeys = evidence.Select(e => e.ToHashSet()).ToArray();
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
            rng.Shuffle(others);
            var keptImage = protectedKeys[b].Concat(others.Take(keep - protectedKeys[b].Count)).ToHashSet();
            var keptRow = Enumerable.Range(0, length).Where(t => flat[b * length + t] != imageTokenId || keptImage.Contains(t)).ToArray();
            keptLength = keptRow.Length;
            for (int j = 0; j < keptRow.Length; j++) renumber[b * length + keptRow[j]] = j;
            index.AddRange(keptRow.Select(t => (long)t));
            cells.AddRange(Enumerable.Range(0, image[b].Length).Where(c => keptImage.Contains(image[b][c])).Select(c => (long)c));
        }
        var query = regions.Query.Select(q => (long)(q / length * keptLength + renumber[q])).ToArray();
        var key = regions.Key.Select((k, i) => (long)renumber[regions.Query[i] / length * length + k]).ToArray();
        return new Kept(tensor(index.ToArray()).view(rows, keptLength), tensor(cells.ToArray()).view(rows, keep),
            new GroundingLoss.Pairs(query, key, regions.Group, regions.Queries, keptLength));
    }
}
