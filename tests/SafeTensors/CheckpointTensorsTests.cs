using AsymVLM.Data.SafeTensors;
using static TorchSharp.torch;

namespace AsymVLM.Tests.SafeTensors;

public class CheckpointTensorsTests
{
    const string Shard1 = "model-00001-of-00002.safetensors";
    const string Shard2 = "model-00002-of-00002.safetensors";

    static void WriteIndex(ScratchDirectory dir, string weightMapJson) =>
        File.WriteAllText(dir.File(CheckpointTensors.IndexFileName),
            """{"metadata":{"total_size":40},"weight_map":{""" + weightMapJson + "}}");

    static ScratchDirectory TwoShardCheckpoint(string weightMapJson)
    {
        var dir = new ScratchDirectory();
        using var embed = arange(6, ScalarType.Float32).reshape(3, 2);
        using var norm = full(4, 0.5f).to_type(ScalarType.BFloat16);
        SafeTensorsWriter.Save(dir.File(Shard1), [new("embed.weight", embed)]);
        SafeTensorsWriter.Save(dir.File(Shard2), [new("norm.weight", norm)]);
        WriteIndex(dir, weightMapJson);
        return dir;
    }

    [Test]
    public void ShardedCheckpointReadsTensorsFromBothShards()
    {
        using var dir = TwoShardCheckpoint($$"""
            "embed.weight":"{{Shard1}}","norm.weight":"{{Shard2}}"
            """);
        using var checkpoint = CheckpointTensors.Open(dir.Path);

        using var embed = checkpoint.Read("embed.weight");
        using var norm = checkpoint.Read("norm.weight", ScalarType.Float32);

        Assert.That(checkpoint.Names, Is.EqualTo(new[] { "embed.weight", "norm.weight" }));
        Assert.That(checkpoint.Contains("norm.weight") && !checkpoint.Contains("lm_head.weight"), Is.True);
        Assert.That(checkpoint.Info("norm.weight").DType, Is.EqualTo("BF16"));
        Assert.That(embed.shape, Is.EqualTo(new long[] { 3, 2 }));
        Assert.That(embed.data<float>().ToArray(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5 }));
        Assert.That(norm.data<float>().ToArray(), Is.EqualTo(new[] { 0.5f, 0.5f, 0.5f, 0.5f }));
    }

    [Test]
    public void MissingShardIsReportedWithTheIndexFile()
    {
        using var dir = TwoShardCheckpoint($$"""
            "embed.weight":"{{Shard1}}","lm_head.weight":"model-00003-of-00003.safetensors"
            """);

        var error = Assert.Throws<FileNotFoundException>(() => CheckpointTensors.Open(dir.Path));

        Assert.That(error!.Message, Does.Contain(CheckpointTensors.IndexFileName)
            .And.Contain("model-00003-of-00003.safetensors").And.Contain("lm_head.weight"));
    }

    [Test]
    public void WeightMappedToAShardThatLacksItNamesIndexAndTensor()
    {
        using var dir = TwoShardCheckpoint($$"""
            "embed.weight":"{{Shard1}}","norm.weight":"{{Shard1}}"
            """);
        using var checkpoint = CheckpointTensors.Open(dir.Path);

        var error = Assert.Throws<SafeTensorsFormatException>(() => checkpoint.Read("norm.weight"));

        Assert.That(error!.Message, Does.Contain(CheckpointTensors.IndexFileName).And.Contain("'norm.weight'"));
    }

    [TestCase("../escape.safetensors")]
    [TestCase("sub/dir.safetensors")]
    public void ShardNamesMustBePlainFileNames(string shard)
    {
        using var dir = TwoShardCheckpoint($$"""
            "embed.weight":"{{shard}}"
            """);

        var error = Assert.Throws<SafeTensorsFormatException>(() => CheckpointTensors.Open(dir.Path));

        Assert.That(error!.Message, Does.Contain(CheckpointTensors.IndexFileName).And.Contain(shard));
    }

    [Test]
    public void IndexWithoutWeightMapIsRejected()
    {
        using var dir = new ScratchDirectory();
        File.WriteAllText(dir.File(CheckpointTensors.IndexFileName), """{"metadata":{}}""");

        var error = Assert.Throws<SafeTensorsFormatException>(() => CheckpointTensors.Open(dir.Path));

        Assert.That(error!.Message, Does.Contain("weight_map"));
    }

    [Test]
    public void SingleFileCheckpointIsUsedWithoutAnIndex()
    {
        using var dir = new ScratchDirectory();
        using var w = tensor(new[] { 3, 1, 2 });
        SafeTensorsWriter.Save(dir.File(CheckpointTensors.SingleFileName), [new("w", w)]);
        using var checkpoint = CheckpointTensors.Open(dir.Path);

        using var loaded = checkpoint.Read("w");

        Assert.That(checkpoint.Names, Is.EqualTo(new[] { "w" }));
        Assert.That(loaded.data<int>().ToArray(), Is.EqualTo(new[] { 3, 1, 2 }));
    }

    [Test]
    public void DirectoryWithoutCheckpointIsNamedInTheError()
    {
        using var dir = new ScratchDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => CheckpointTensors.Open(dir.Path));

        Assert.That(error!.Message, Does.Contain(dir.Path));
    }
}
