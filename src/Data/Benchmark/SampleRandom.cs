namespace AsymVLM.Data.Benchmark;

/// <summary>
/// The per-sample random stream: SplitMix64, written out here so that a sample's pixels depend only
/// on (dataset seed, index) and never on the runtime's Random implementation. Its 64-bit seed lets
/// every (dataset seed, index) pair own a distinct stream, which a 32-bit System.Random seed cannot.
/// </summary>
public sealed class SampleRandom
{
    /// <summary>Indices at or above this would alias the next dataset seed's samples.</summary>
    public const int MaxSamplesPerSeed = 1_000_000;

    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    public SampleRandom(ulong seed) => _state = seed;

    /// <summary>
    /// The stream seed of sample <paramref name="index"/> of dataset <paramref name="datasetSeed"/>:
    /// the key datasetSeed * 1e6 + index is distinct for every pair with 0 &lt;= index &lt; 1e6, and
    /// <see cref="Mix"/> is a bijection, so two different pairs never share a seed.
    /// </summary>
    public static ulong SampleSeed(int datasetSeed, int index)
    {
        if (index < 0 || index >= MaxSamplesPerSeed)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A sample index must lie in [0, {MaxSamplesPerSeed}).");
        long key = (long)datasetSeed * MaxSamplesPerSeed + index;
        return Mix(unchecked((ulong)key));
    }

    public static SampleRandom ForSample(int datasetSeed, int index) => new(SampleSeed(datasetSeed, index));

    public ulong NextUInt64()
    {
        _state = unchecked(_state + Golden);
        return Mix(_state);
    }

    /// <summary>Uniform in [minInclusive, maxExclusive). Modulo bias is below 2^-50 for the small ranges used here.</summary>
    public int Next(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), $"Empty range [{minInclusive}, {maxExclusive}).");
        ulong span = (ulong)((long)maxExclusive - minInclusive);
        return (int)(minInclusive + (long)(NextUInt64() % span));
    }

    public bool NextBool() => (NextUInt64() & 1) == 1;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    /// <summary><paramref name="count"/> distinct values from [0, <paramref name="n"/>) in random order (partial Fisher-Yates).</summary>
    public int[] Distinct(int count, int n)
    {
        if (count > n)
            throw new ArgumentOutOfRangeException(nameof(count), $"Cannot draw {count} distinct values from {n}.");
        int[] pool = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = Next(i, n);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..count];
    }

    /// <summary>A string of <paramref name="length"/> characters drawn from <paramref name="alphabet"/>.</summary>
    public string NextString(int length, string alphabet) =>
        string.Create(length, this, (chars, rng) =>
        {
            for (int i = 0; i < chars.Length; i++)
                chars[i] = alphabet[rng.Next(0, alphabet.Length)];
        });

    // SplitMix64's finaliser: xor-shifts and odd multiplications, each invertible, so a bijection on 64 bits.
    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
