using AsymVLM.Training.Common;
using AsymVLM.Training.Pretraining;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pretraining;

public class ColumnPositionCodeTests
{
    static ReferenceVlmPretraining Job(double columnCode) =>
        new(new ReferenceModelOptions
            {
                VisionHidden = 16, VisionLayers = 1, VisionHeads = 2, VisionIntermediate = 32,
                TextHidden = 24, TextLayers = 1, TextHeads = 2, TextKvHeads = 2, TextIntermediate = 48, ColumnCode = columnCode,
            },
            new ReferenceLossOptions(), new OptimizationOptions { BatchSize = 1, Seed = 3 }, new ReferenceDataOptions(),
            Directory.CreateTempSubdirectory("asymvlm-column-").FullName);

    static Tensor Weight(ReferenceVlmPretraining job, string name) => job.Model.named_parameters().Single(p => p.name == name).parameter;

    [Test]
    public void EveryColumnGetsItsOwnOrthogonalCodeOfTheScaledMeanNorm()
    {
        var plain = Job(0);
        var coded = Job(0.5);
        var before = Weight(plain, ColumnPositionCode.WeightName);
        var added = Weight(coded, ColumnPositionCode.WeightName) - before; // [1 + 256, 16]
        int grid = plain.Model.Config.Vision.GridSize;

        Assert.That(added[0].abs().max().item<float>(), Is.Zero, "the CLS position is not a column");
        var patches = added.narrow(0, 1, grid * grid).view(grid, grid, -1);   // [row, column, D]
        Assert.That((patches - patches[0].unsqueeze(0)).abs().max().item<float>(), Is.LessThan(1e-5), "one code per column, the same on every row");
        var codes = patches[0];                                                 // [column, D]
        double norm = before.narrow(0, 1, grid * grid).norm(1).mean().item<float>();
        var gram = codes.matmul(codes.t()) / (0.5 * norm * 0.5 * norm);
        Assert.That((gram - eye(grid)).abs().max().item<float>(), Is.LessThan(1e-4), "orthogonal codes of 0.5 x the mean norm");
        foreach (var (name, parameter) in coded.Model.named_parameters().Where(p => p.name != ColumnPositionCode.WeightName))
            Assert.That(parameter.eq(Weight(plain, name)).all().item<bool>(), Is.True, name);
    }
}
