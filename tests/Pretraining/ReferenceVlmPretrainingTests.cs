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

    static ReferenceVlmPretraining Job(ReferenceLossOptions loss, double visionKeepMin = 1) =>
        new(TinyShape, loss, new OptimizationOptions { BatchSize = 2, Seed = 3 },
            new ReferenceDataOptions { TurnsPerImage = 2, VisionKeepMin = visionKeepMin }, Directory.CreateTempSubdirectory("asymvlm-pretrain-").FullName);

    static Dictionary<string, double> Terms(ReferenceLossOptions loss, double visionKeepMin = 1) => Terms(Job(loss, visionKeepMin));

    static Dictionary<string, double> Terms(ReferenceVlmPretraining job)
    {
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

    [Test]
    public void TheQueryProbeAddsItsTermAndCanBeTheOwnerProbeItself()
    {
        var own = Job(new ReferenceLossOptions { CellLayers = [0], QueryWeight = 2, QueryLayers = [1] });
        var ownTerms = Terms(own);
        Assert.That(ownTerms["queries"], Is.GreaterThan(0), "the tiny batch's charts and forms name parts");
        Assert.That(ownTerms["total"], Is.EqualTo(ownTerms["answer"] + ownTerms["cells"] + 2 * ownTerms["queries"]).Within(1e-3));
        Assert.That(own.Parameters.Count, Is.EqualTo(own.Model.parameters().Count() + 2));

        var shared = Job(new ReferenceLossOptions { CellLayers = [0], OwnerWeight = 1, QueryWeight = 1, QueryLayers = [1], QuerySharesOwnerProbe = true });
        var sharedTerms = Terms(shared);
        Assert.That(sharedTerms.Keys, Is.SupersetOf(new[] { "owners", "queries" }));
        Assert.That(shared.Parameters.Count, Is.EqualTo(shared.Model.parameters().Count() + 2), "one probe, trained by both terms");
    }

    [Test]
    public void QuestionGroundingAndItsReadsAddTheirTermsOnStepsWithTheWholeImage()
    {
        var terms = Terms(new ReferenceLossOptions { CellLayers = [0], QuestionGroundingWeight = 0.5, QuestionGroundingLayer = 1 });
        Assert.That(terms["question"], Is.GreaterThan(0), "the tiny batch's charts and forms name parts by their letters");
        Assert.That(terms["total"], Is.EqualTo(terms["answer"] + terms["cells"] + 0.5 * terms["question"]).Within(1e-3));

        var dropped = Terms(new ReferenceLossOptions { CellLayers = [0], QuestionGroundingWeight = 0.5, QuestionReadWeight = 0.5, QuestionRecallWeight = 0.5 }, visionKeepMin: 0.5);
        Assert.That(dropped.Keys, Is.All.Not.AnyOf("question", "reads", "recalls"), "their pairs key on the whole image's positions");

        var hops = Terms(new ReferenceLossOptions { CellLayers = [0], QuestionGroundingWeight = 0.5, QuestionReadWeight = 2, QuestionRecallWeight = 3 });
        Assert.That(new[] { hops["reads"], hops["recalls"] }, Has.All.GreaterThan(0));
        Assert.That(hops["total"], Is.EqualTo(hops["answer"] + hops["cells"] + 0.5 * hops["question"] + 2 * hops["reads"] + 3 * hops["recalls"]).Within(1e-3));
    }

    [Test]
    public void OwnerProbeTrainsWithTheModelResumesWithItsCheckpointAndIsNotExported()
    {
        var loss = new ReferenceLossOptions { CellLayers = [0], OwnerWeight = 0.5, OwnerLayers = [0, 2] };
        var job = Job(loss);
        var terms = Terms(job);

        Assert.That(terms["owners"], Is.GreaterThan(0));
        Assert.That(terms["total"], Is.EqualTo(terms["answer"] + terms["cells"] + 0.5 * terms["owners"]).Within(1e-3));
        Assert.That(job.Parameters.Count, Is.EqualTo(job.Model.parameters().Count() + 2), "the probe's weight and bias train too");

        // One gradient step moves the model and the probe away from the seed's initialization.
        job.Loss(step: 0).Loss.backward();
        using (TorchSharp.torch.no_grad())
            foreach (var p in job.Parameters.Where(p => p.grad is not null)) p.sub_(p.grad! * 0.5);
        double trained = Terms(job)["owners"];
        var checkpoint = Directory.CreateTempSubdirectory("asymvlm-owner-ckpt-").FullName;
        job.SaveWeights(checkpoint);
        var resumed = Job(loss);
        Assert.That(Terms(resumed)["owners"], Is.Not.EqualTo(trained).Within(1e-4));
        resumed.LoadWeights(checkpoint);
        Assert.That(Terms(resumed)["owners"], Is.EqualTo(trained).Within(1e-4), "the probe comes back with the checkpoint");

        var export = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-owner-export-").FullName, "model");
        job.Export(export, new System.Text.Json.Nodes.JsonObject(), new Dictionary<string, double>());
        Assert.That(Directory.GetFiles(export).Select(Path.GetFileName), Has.None.Contains("probe"));
    }

    [Test]
    public void OwnerLossCountsOnlyOwnedCellsAndIsZeroWithoutThem()
    {
        using var owners = CellOwnerLoss.Probe(hidden: 4);
        var tokens = TorchSharp.torch.randn(1, 3, 4).requires_grad_();
        var targets = TorchSharp.torch.tensor(new long[] { 2, -1, 5 }).view(1, 3);
        var loss = owners.Loss(tokens, targets);
        loss.backward();

        var grad = tokens.grad!;
        Assert.That(grad[0, 1].abs().sum().item<float>(), Is.EqualTo(0), "an unowned cell gets no gradient");
        Assert.That(grad[0, 0].abs().sum().item<float>(), Is.GreaterThan(0));
        var none = owners.Loss(tokens, TorchSharp.torch.full(1, 3, -1L));
        Assert.That(none.item<float>(), Is.EqualTo(0), "a batch of scenes has no owned cells: zero, not NaN");
    }

    [Test]
    public void OwnerTargetsKeepOnlyTheSupervisedKindsOfPart()
    {
        var samples = Enumerable.Range(0, 5).Select(i => AsymVLM.Data.Benchmark.SyntheticBenchmark.Render(4, i)).ToList(); // one per family
        long Owned(params string[] kinds) => CellOwnerLoss.Targets(samples, kinds).ge(0).sum().item<long>();

        Assert.That(Owned("field", "bar", "line"), Is.EqualTo(Owned("field") + Owned("bar") + Owned("line")));
        Assert.That(new[] { Owned("field"), Owned("bar"), Owned("line") }, Has.All.GreaterThan(0));
        Assert.That(() => new ReferenceLossOptions { OwnerParts = ["bars"] }.Validate("Loss"),
            Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:OwnerParts:0"));
    }

    [Test]
    public void BarValueTargetsGiveEveryCellOfABarItsValueAndNothingElseATarget()
    {
        var samples = Enumerable.Range(0, 5).Select(i => AsymVLM.Data.Benchmark.SyntheticBenchmark.Render(4, i)).ToList(); // one per family
        var chart = samples.Single(s => s.Sample.Family == AsymVLM.Data.Benchmark.TaskFamilies.Charts);
        var targets = BarValueLoss.Targets([chart]).data<long>().ToArray();

        var values = chart.Questions.Where(q => q.Task == AsymVLM.Data.Benchmark.TaskFamilies.ChartValue).ToList();
        Assert.That(values, Has.Count.GreaterThanOrEqualTo(3));
        foreach (var q in values)
        {
            string owner = AsymVLM.Data.Benchmark.CellOwners.Bar(q.Question[^2]);
            var cells = Enumerable.Range(0, targets.Length).Where(c => chart.CellOwners[c] == owner).ToList();
            Assert.That(cells.Select(c => targets[c]), Has.All.EqualTo(long.Parse(q.Answer)), q.Question);
            Assert.That(cells.Select(c => chart.CellLabels[c]), Does.Contain(q.Question[^2].ToString()), "the label's cell is among them");
        }
        Assert.That(Enumerable.Range(0, targets.Length).Where(c => chart.CellOwners[c] is null).Select(c => targets[c]), Has.All.EqualTo(-1L));
        var others = BarValueLoss.Targets(samples.Where(s => s != chart).ToList());
        Assert.That(others.ge(0).sum().item<long>(), Is.EqualTo(0), "only charts have bars");
    }

    [Test]
    public void LabelValueTargetsAreTheBarValuesOnTheLabelLettersAlone()
    {
        var chart = AsymVLM.Data.Benchmark.SyntheticBenchmark.Render(4, 1);
        Assert.That(chart.Sample.Family, Is.EqualTo(AsymVLM.Data.Benchmark.TaskFamilies.Charts));
        var all = BarValueLoss.Targets([chart]).data<long>().ToArray();
        var labels = BarValueLoss.Targets([chart], labelsOnly: true).data<long>().ToArray();

        var labelled = Enumerable.Range(0, labels.Length).Where(c => labels[c] >= 0).ToList();
        Assert.That(labelled, Is.Not.Empty);
        Assert.That(labelled.Select(c => labels[c]), Is.EqualTo(labelled.Select(c => all[c])), "a label carries its own bar's value");
        Assert.That(labelled.Select(c => chart.CellLabels[c]), Has.All.Length.EqualTo(1).And.All.Matches<string>(l => char.IsAsciiLetterUpper(l[0])));
        Assert.That(labelled.Count, Is.LessThan(all.Count(v => v >= 0)), "the bodies are left out");
    }

    [Test]
    public void LabelValueTermTrainsTheValueProbeAndNeedsIt()
    {
        var terms = Terms(new ReferenceLossOptions { CellLayers = [0], ValueWeight = 0.25, LabelValueWeight = 2 });
        Assert.That(terms["total"], Is.EqualTo(terms["answer"] + terms["cells"] + 0.25 * terms["values"] + 2 * terms["labels"]).Within(1e-3));
        Assert.That(() => new ReferenceLossOptions { LabelValueWeight = 2 }.Validate("Loss"),
            Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:LabelValueWeight"));
    }

    [Test]
    public void ValueProbeAddsItsWeightedTermAndResumesWithTheCheckpoint()
    {
        var loss = new ReferenceLossOptions { CellLayers = [0], ValueWeight = 0.25, ValueLayers = [1] };
        var job = Job(loss);
        var terms = Terms(job);
        Assert.That(terms["total"], Is.EqualTo(terms["answer"] + terms["cells"] + 0.25 * terms["values"]).Within(1e-3));
        Assert.That(job.Parameters.Count, Is.EqualTo(job.Model.parameters().Count() + 2));

        var checkpoint = Directory.CreateTempSubdirectory("asymvlm-value-ckpt-").FullName;
        job.SaveWeights(checkpoint);
        var resumed = Job(loss);
        resumed.LoadWeights(checkpoint);
        Assert.That(Terms(resumed)["values"], Is.EqualTo(terms["values"]).Within(1e-4));
        var withoutProbe = Directory.CreateTempSubdirectory("asymvlm-no-probe-").FullName;
        Job(new ReferenceLossOptions { CellLayers = [0] }).SaveWeights(withoutProbe);
        Assert.That(() => Job(loss).LoadWeights(withoutProbe),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("value_probe").And.Message.Contains("Loss:ValueWeight"));
    }

    [Test]
    public void InitFromStartsFromAnExportedModelsWeightsAndRefusesAnotherShape()
    {
        var loss = new ReferenceLossOptions { CellLayers = [0] };
        var trained = Job(loss);
        trained.Loss(step: 0).Loss.backward();
        using (TorchSharp.torch.no_grad())
            foreach (var p in trained.Parameters.Where(p => p.grad is not null)) p.sub_(p.grad! * 0.5);
        var export = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-init-").FullName, "model");
        trained.Export(export, new System.Text.Json.Nodes.JsonObject(), new Dictionary<string, double>());

        // A job of TinyShape reshaped, started from the export.
        ReferenceVlmPretraining FineTune(Action<ReferenceModelOptions> reshape, int seed)
        {
            var shape = TinyShape;
            reshape(shape);
            shape.InitFrom = export;
            return new ReferenceVlmPretraining(shape, loss, new OptimizationOptions { BatchSize = 2, Seed = seed },
                new ReferenceDataOptions { TurnsPerImage = 2 }, Directory.CreateTempSubdirectory("asymvlm-pretrain-").FullName);
        }

        Assert.That(Terms(FineTune(_ => { }, seed: 4))["answer"], Is.EqualTo(Terms(trained)["answer"]).Within(1e-4));
        Assert.That(() => FineTune(s => s.TextIntermediate = 64, seed: 4),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("Model:InitFrom").And.Message.Contains("mlp"));

        // A deeper vision tower grows from the export: its added layers start as the identity, so the loss is unchanged.
        var grown = FineTune(s => s.VisionLayers = 3, seed: 5);
        Assert.That(grown.Model.Config.Vision.NumHiddenLayers, Is.EqualTo(3));
        Assert.That(Terms(grown)["answer"], Is.EqualTo(Terms(trained)["answer"]).Within(1e-4));
        Assert.That(() => FineTune(s => s.VisionLayers = 0, seed: 5),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("Model:VisionLayers"));
    }

    [Test]
    public void LogUniformKeepSpendsAsManyDrawsOnATenthToAFifthAsOnTheUpperHalf()
    {
        var data = new ReferenceDataOptions { VisionKeepMin = 0.1, VisionKeepDistribution = ReferenceDataOptions.LogUniform };
        var draws = Enumerable.Range(0, 10_000).Select(i => data.KeepFraction((i + 0.5) / 10_000)).ToArray();
        Assert.That(draws.Min(), Is.GreaterThanOrEqualTo(0.1));
        Assert.That(draws.Max(), Is.LessThanOrEqualTo(1.0));
        Assert.That(draws.Count(f => f is >= 0.1 and < 0.2), Is.EqualTo(draws.Count(f => f >= 0.5)).Within(2));
        var uniform = new ReferenceDataOptions { VisionKeepMin = 0.1 };
        Assert.That(uniform.KeepFraction(0.5), Is.EqualTo(0.55).Within(1e-12));
        Assert.That(() => new ReferenceDataOptions { VisionKeepDistribution = "normal" }.Validate("Data"),
            Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Data:VisionKeepDistribution"));
    }

    [Test]
    public void UnknownDropoutKeepsIsAnErrorNamingTheKey() =>
        Assert.That(() => new ReferenceDataOptions { VisionDropoutKeeps = "answers" }.Validate("Data"),
            Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Data:VisionDropoutKeeps"));
}
