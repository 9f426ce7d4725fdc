using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Evaluation;

namespace AsymVLM.Tests.Evaluation;

/// <summary>
/// A synthetic benchmark folder of two samples per family in a temp folder, deleted on dispose. Its 128x128 images
/// reach the tiny VLM as 32x32 (shortest-edge resize), a 4x4 patch grid.
/// </summary>
sealed class TinyEvalSet : IDisposable
{
    public const int PerFamily = 2;

    public TinyEvalSet()
    {
        SyntheticBenchmark.WriteDataset(Path, datasetSeed: 11, count: PerFamily * TaskFamilies.All.Count);
        Samples = EvalSets.Load(Path, task: null, imageFolder: null, limit: 0);
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("asymvlm-eval-").FullName;

    public IReadOnlyList<EvalSample> Samples { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
