using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

public class WeightLayoutTests
{
    static (LlavaModel Model, string Dir) SavedTinyModel(string textType, Func<string, string> rename, bool tied = false)
    {
        manual_seed(11);
        var config = TinyConfigs.Llava(textType);
        config = config with { Text = config.Text with { TieWordEmbeddings = tied } };
        var model = new LlavaModel(config);
        var dir = Directory.CreateTempSubdirectory("asymvlm-layout-").FullName;
        config.Save(Path.Combine(dir, "config.json"));
        SafeTensorsWriter.Save(Path.Combine(dir, "model.safetensors"), ModelWeights.ToSave(model).Select(kv => new KeyValuePair<string, Tensor>(rename(kv.Key), kv.Value)));
        return (model, dir);
    }

    static void AssertSameLogits(LlavaModel a, LlavaModel b)
    {
        using var noGrad = no_grad();
        var ids = cat([tensor(new long[] { 1, 5 }), full(16, 96L), tensor(new long[] { 7, 8, 9 })]).unsqueeze(0);
        var pixels = randn(1, 3, 32, 32);
        Assert.That((a.FullLogits(ids, pixels) - b.FullLogits(ids, pixels)).abs().max().item<float>(), Is.EqualTo(0f));
    }

    [Test]
    public void ClassicLayoutLoads()
    {
        var (model, dir) = SavedTinyModel("llama", n => n);
        AssertSameLogits(model, ModelLoader.Load(dir, ComputeTarget.Cpu));
    }

    [Test]
    public void NewerLayoutLoadsWithTiedHead()
    {
        static string Newer(string n) =>
            n.StartsWith("language_model.model.") ? "model.language_model." + n["language_model.model.".Length..]
            : n.StartsWith("language_model.lm_head.") ? n["language_model.".Length..]
            : "model." + n;
        var (model, dir) = SavedTinyModel("qwen2", Newer, tied: true);
        using (var file = SafeTensorsFile.Open(Path.Combine(dir, "model.safetensors")))
        {
            Assert.That(file.Contains("model.vision_tower.vision_model.pre_layrnorm.weight"), Is.True);
            Assert.That(file.Tensors.Any(t => t.Name.Contains("lm_head")), Is.False, "a tied head is stored once");
        }
        AssertSameLogits(model, ModelLoader.Load(dir, ComputeTarget.Cpu));
    }

    [Test]
    public void MissingAndMisshapenWeightsAreNamed()
    {
        var (_, dir) = SavedTinyModel("llama", n => n == "multi_modal_projector.linear_2.bias" ? "unexpected.bias" : n);
        Assert.That(() => ModelLoader.Load(dir, ComputeTarget.Cpu),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("multi_modal_projector.linear_2.bias").And.Message.Contains("unexpected.bias"));

        var config = LlavaConfig.Load(Path.Combine(dir, "config.json"));
        (config with { Text = config.Text with { IntermediateSize = 128 } }).Save(Path.Combine(dir, "config.json"));
        Assert.That(() => ModelLoader.Load(dir, ComputeTarget.Cpu), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("shape"));
    }

    [Test]
    public void IntegerTensorIntoAFloatParameterIsRefused()
    {
        // Used to be converted silently (an I64 norm weight became floats of its integer values).
        var (model, dir) = SavedTinyModel("llama", n => n);
        var tensors = ModelWeights.ToSave(model)
            .Select(kv => new KeyValuePair<string, Tensor>(kv.Key,
                kv.Key == "language_model.model.norm.weight" ? kv.Value.to_type(ScalarType.Int64) : kv.Value))
            .ToList();
        SafeTensorsWriter.Save(Path.Combine(dir, "model.safetensors"), tensors);
        Assert.That(() => ModelLoader.Load(dir, ComputeTarget.Cpu), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("'language_model.model.norm.weight' is I64").And.Message.Contains("floating point"));
    }

    [Test]
    public void AConfigFarLargerThanTheCheckpointFailsBeforeAllocating()
    {
        // 1000 layers of hidden 8192: ~800 G parameters, several terabytes if allocated.
        var (_, dir) = SavedTinyModel("llama", n => n);
        var config = LlavaConfig.Load(Path.Combine(dir, "config.json"));
        (config with { Text = config.Text with { NumHiddenLayers = 1000, HiddenSize = 8192, IntermediateSize = 8192, HeadDim = 2048 } })
            .Save(Path.Combine(dir, "config.json"));
        long before = GC.GetTotalMemory(forceFullCollection: false);
        var error = Assert.Throws<InvalidDataException>(() => ModelLoader.Load(dir, ComputeTarget.Cpu));
        Assert.That(error!.Message, Does.Contain("Missing (8973)").And.Contain("Wrong shape ("));
        Assert.That(GC.GetTotalMemory(forceFullCollection: false) - before, Is.LessThan(256L << 20));
    }

    [Test]
    public void ImageFeatureCountMismatchIsAClearError()
    {
        using var model = new LlavaModel(TinyConfigs.Llava());
        var ids = cat([tensor(new long[] { 1 }), full(15, 96L)]).unsqueeze(0);
        Assert.That(() => model.FullLogits(ids, randn(1, 3, 32, 32)), Throws.ArgumentException.With.Message.Contains("tokens: 15, features: 16"));
    }
}
