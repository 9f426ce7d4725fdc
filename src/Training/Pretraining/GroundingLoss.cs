using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Grounding supervision for a VLM trained from scratch: -log of the attention mass (mean over heads, at one
/// decoder layer) that each answer-predicting position puts on where its answer is read from. Answering needs
/// two hops of attention (gather the question, then find its region among 256 mostly blank tokens); from a
/// random start the two weak signals multiply and the first reference runs sat at the question-only answer
/// prior. It applies for the first <c>Loss:GroundingSteps</c> steps; the attention of that layer is then
/// partly supervised, which is worth knowing when it serves as a teacher (the README says which layers do).
/// </summary>
public static class GroundingLoss
{
    /// <summary>
    /// (query, key) pairs: entry i says query <c>Query[i]</c> (flat b * L + t) should attend to key <c>Key[i]</c>;
    /// <c>Group[i]</c> numbers its query among the <c>Queries</c> distinct ones, whose masses the loss sums.
    /// </summary>
    public sealed record Pairs(long[] Query, long[] Key, long[] Group, int Queries, int Length);

    public sealed class PairsBuilder(int length)
    {
        readonly List<long> query = [], key = [], group = [];
        int queries;

        public void Add(long flatQuery, IEnumerable<int> keys)
        {
            int before = key.Count;
            foreach (int k in keys)
            {
                query.Add(flatQuery);
                key.Add(k);
                group.Add(queries);
            }
            if (key.Count > before) queries++;
        }

        public Pairs Build() => new([.. query], [.. key], [.. group], queries, length);
    }

    /// <param name="attention">a layer's captured attention [B, L, L], mean over heads</param>
    public static Tensor Loss(Tensor attention, Pairs pairs)
    {
        if (pairs.Query.Length == 0) return zeros(1).squeeze();
        var picked = attention.reshape(-1).index(tensor(pairs.Query) * pairs.Length + tensor(pairs.Key)); // [M]
        var mass = zeros(pairs.Queries).scatter_add_(0, tensor(pairs.Group), picked);                     // [Q]
        return -(mass + 1e-6).log().mean();
    }
}
