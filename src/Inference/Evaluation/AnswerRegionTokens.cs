using AsymVLM.Data.Benchmark;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// The vision tokens that answer regions cover, in patch order (view by view, row-major, newlines excluded; the index
/// space of <see cref="Selection.SelectionInput.AnswerTokens"/>): pixel boxes of the original image, carried into each
/// view by its <see cref="ViewProjection"/>, the way the preprocessor carries the pixels.
/// </summary>
public static class AnswerRegionTokens
{
    public static long[] Of(IEnumerable<Box> regions, IReadOnlyList<ViewProjection> views)
    {
        var boxes = regions.ToList();
        var tokens = new SortedSet<long>();
        long offset = 0;
        foreach (var projection in views)
        {
            var view = projection.View;
            foreach (var r in boxes)
            {
                // Every patch the box overlaps, clipped to the view (a region may be cropped or unpadded away entirely).
                var (rows, columns) = (projection.Rows(r.Y, r.Y + r.Height), projection.Columns(r.X, r.X + r.Width));
                for (int y = rows.From; y < rows.To; y++)
                    for (int x = columns.From; x < columns.To; x++)
                        tokens.Add(offset + (long)y * view.Columns + x);
            }
            offset += view.Patches;
        }
        return tokens.ToArray();
    }
}
