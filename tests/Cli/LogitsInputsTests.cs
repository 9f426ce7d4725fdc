using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Cli;
using AsymVLM.Tests.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Cli;

/// <summary>The logits command's inputs are checked against the model instead of aborting inside libtorch.</summary>
public class LogitsInputsTests
{
    static string WriteInputs(TinyModelDirectory dir, Tensor ids, Tensor pixels)
    {
        string path = dir.File("inputs.safetensors");
        SafeTensorsWriter.Save(path, [new(LogitsInputs.InputIds, ids), new(LogitsInputs.PixelValues, pixels)]);
        return path;
    }

    static string Run(TinyModelDirectory dir, string inputs) =>
        Assert.Throws<InvalidDataException>(() => LogitsCommand.Run(dir.Path, inputs, dir.File("out.safetensors"), ComputeTarget.Cpu))!.Message;

    [TestCase(-1L)]
    [TestCase(1_000_000L)]
    public void AnIdOutsideTheVocabularyIsAClearError(long badId)
    {
        using var dir = new TinyModelDirectory();
        using var ids = tensor(new long[] { 1, badId, 2 }).unsqueeze(0);
        using var pixels = zeros(1, 3, 32, 32);
        string inputs = WriteInputs(dir, ids, pixels);
        Assert.That(Run(dir, inputs), Does.Contain(inputs).And.Contain($"id {badId}").And.Contain($"[0, {dir.Config.Text.VocabSize})"));
    }

    [Test]
    public void FloatIdsAndMisshapenPixelsAreRefused()
    {
        using var dir = new TinyModelDirectory();
        using var floatIds = ones(1, 3);
        using var pixels = zeros(1, 3, 32, 32);
        Assert.That(Run(dir, WriteInputs(dir, floatIds, pixels)), Does.Contain("'input_ids' is F32"));

        using var ids = ones(1, 3, ScalarType.Int64);
        using var wrongSide = zeros(1, 3, 64, 64);
        Assert.That(Run(dir, WriteInputs(dir, ids, wrongSide)), Does.Contain("[B, 3, 32, 32]"));
    }

    [Test]
    public void ValidInputsGiveLogits()
    {
        using var dir = new TinyModelDirectory();
        using var ids = cat([tensor(new long[] { 1 }), full(16, (long)dir.Config.ImageTokenIndex), tensor(new long[] { 7, 8 })]).unsqueeze(0);
        using var pixels = zeros(1, 3, 32, 32);
        string inputs = WriteInputs(dir, ids, pixels);
        Assert.That(LogitsCommand.Run(dir.Path, inputs, dir.File("out.safetensors"), ComputeTarget.Cpu), Is.EqualTo(0));
        using var output = SafeTensorsFile.Open(dir.File("out.safetensors"));
        Assert.That(output.Info("logits").Shape, Is.EqualTo(new long[] { 1, 19, dir.Config.Text.VocabSize }));
    }
}
