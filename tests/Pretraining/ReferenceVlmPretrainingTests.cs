using System.Globalization;
using AsymVLM.Training.Common;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Tests.Pretraining;

public class ReferenceVlmPretrainingTests
{
    // The benchmark draws 128 x 128 images in 8-pixel cells, so only the widths shrink.
    static ReferenceModelOptions TinyShape => new()
    {
        VisionHidden = 16, VisionLayers = 1, VisionHeads = 2, VisionIntermediate = 32,
        TextHidden = 24, TextLayers = 3, TextHeads = 2, TextKvHeads = 2, TextIntermediate = 48,
    };

    static Dictionary<string, double> Terms(ReferenceLossOptions loss, double visionKeepMin = 1)
    {
        var job = new ReferenceVlmPretraining(TinyShape, loss, new OptimizationOptions { BatchSize = 2, Seed = 3 },
            new ReferenceDataOptions { TurnsPerImage = 2, VisionKeepMin = visionKeepMin }, Directory.CreateTempSubdirectory("asymvlm-pretrain-").FullName);
        var (total, details) = job.Loss(step: 0);
        var words = details.Split(' ');
        var terms = Enumerable.Range(0, words.Length / 2).ToDictionary(i => words[2 * i], i => double.Parse(words[2 * i + 1], CultureInfo.InvariantCulture));
        terms["total"] = total.item<float>();
        return terms;
    }

    [Test]
    public void ReadoutAfterTheLastLayerIsTheAnswerLossItself()
    {
        var terms = Terms(new ReferenceLossOptions { CellLayers = [0, 1], GroundingWeight = 1, GroundingSteps = 10, GroundingLayer = 2, ReadoutWeight = 0.5 });

        Assert.That(terms.Keys, Is.SupersetOf(new[] { "answer", "cells", "grounding", "readout" }));
        Assert.That(terms["readout"], Is.EqualTo(terms["answer"]).Within(1e-4));
        Assert.That(terms["total"], Is.EqualTo(terms["answer"] + terms["cells"] + terms["grounding"] + 0.5 * terms["readout"]).Within(1e-3));
    }

    [Test]
    public void ReadoutAfterAnEarlierLayerDiffersFromTheAnswerLoss()
    {
        var terms = Terms(new ReferenceLossOptions { GroundingWeight = 1, GroundingSteps = 10, GroundingLayer = 0, ReadoutWeight = 1 });

        Assert.That(terms["readout"], Is.Not.EqualTo(terms["answer"]).Within(1e-3));
    }

    [Test]
    public void CellLossIsTheMeanOverItsLayers()
    {
        double atInput = Terms(new ReferenceLossOptions { CellLayers = [0] })["cells"];
        double atLayer2 = Terms(new ReferenceLossOptions { CellLayers = [2] })["cells"];
        double both = Terms(new ReferenceLossOptions { CellLayers = [0, 2] })["cells"];

        Assert.That(atLayer2, Is.Not.EqualTo(atInput).Within(1e-3));
        Assert.That(both, Is.EqualTo((atInput + atLayer2) / 2).Within(1e-3));
    }

    [Test]
    public void ReadoutIsOffOnceGroundingEnds()
    {
        var terms = Terms(new ReferenceLossOptions { GroundingWeight = 1, GroundingSteps = 0, GroundingLayer = 1, ReadoutWeight = 1 });

        Assert.That(terms.Keys, Has.No.Member("readout").And.No.Member("grounding"));
    }

    [Test]
    public void VisionDropoutTrainsEveryTermOnTheKeptTokens()
    {
        var all = new ReferenceLossOptions { CellLayers = [0, 1], GroundingWeight = 1, GroundingSteps = 10, GroundingLayer = 1, ReadoutWeight = 1 };
        var whole = Terms(all);
        var dropped = Terms(all, visionKeepMin: 0.1);

        Assert.That(dropped.Keys, Is.EquivalentTo(whole.Keys));
        Assert.That(dropped.Values, Has.All.Matches<double>(double.IsFinite));
        Assert.That(dropped["answer"], Is.Not.EqualTo(whole["answer"]).Within(1e-4), "the answer loss sees fewer image tokens");
    }

    [Test]
    public void NegativeCellLayerIsAnErrorNamingTheKey()
    {
        var loss = new ReferenceLossOptions { CellLayers = [0, -1] };

        Assert.That(() => loss.Validate("Loss"), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:CellLayers:1"));
    }
}
