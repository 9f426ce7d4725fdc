namespace AsymVLM.Inference.Selection;

/// <summary>The k highest-scoring token indices, ascending (ties to the lower index).</summary>
public static class TopScores
{
    public static long[] Indices(float[] scores, int k)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).Select(i => (long)i).ToArray();
        Array.Sort(order);
        return order;
    }
}
