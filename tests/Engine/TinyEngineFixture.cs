using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Engine;

namespace AsymVLM.Tests.Engine;

/// <summary>One engine over a tiny random model and its scorer, loaded once per test class.</summary>
public abstract class TinyEngineFixture
{
    protected const string Question = "what is the value of TOTAL?";

    protected TinyEngineFiles files = null!;
    protected VlmEngine engine = null!;

    [OneTimeSetUp]
    public void Load()
    {
        files = new TinyEngineFiles();
        engine = VlmEngine.Load(files.ModelDir, files.ScorerDir, ComputeTarget.Cpu);
    }

    [OneTimeTearDown]
    public void Unload()
    {
        engine.Dispose();
        files.Dispose();
    }
}
