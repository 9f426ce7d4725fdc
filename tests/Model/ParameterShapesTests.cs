using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;

namespace AsymVLM.Tests.Model;

/// <summary>Keeps the allocation-free shape list in step with the model it describes.</summary>
public class ParameterShapesTests
{
    static IEnumerable<TestCaseData> Configs()
    {
        var llama = TinyConfigs.Llava();
        yield return new TestCaseData(llama).SetArgDisplayNames("llama");
        yield return new TestCaseData(TinyConfigs.Llava("qwen2", 2, "full", -1)).SetArgDisplayNames("qwen2-full");
        yield return new TestCaseData(llama with { Text = llama.Text with { TieWordEmbeddings = true, QkvBias = true, OutputBias = true } })
            .SetArgDisplayNames("tied-biased");
        yield return new TestCaseData(llama with { ProjectorBias = false, VisionFeatureLayers = [-2, -1] }).SetArgDisplayNames("two-layers-no-bias");
        yield return new TestCaseData(TinyConfigs.Siglip("qwen2")).SetArgDisplayNames("siglip");
        yield return new TestCaseData(TinyConfigs.LlavaNext()).SetArgDisplayNames("llava-next");
    }

    [TestCaseSource(nameof(Configs))]
    public void ShapesMatchTheBuiltModel(LlavaConfig config)
    {
        using var model = new LlavaModel(config);
        var built = ModelWeights.ToSave(model).ToDictionary(p => p.Key, p => p.Value.shape);
        var computed = LlavaParameterShapes.Of(config);
        Assert.That(computed.Keys, Is.EquivalentTo(built.Keys));
        foreach (var (name, shape) in built)
            Assert.That(computed[name], Is.EqualTo(shape), name);
        Assert.That(LlavaParameterShapes.ElementCount(computed), Is.EqualTo(built.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b))));
    }
}
