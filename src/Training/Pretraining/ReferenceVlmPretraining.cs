using System.Text.Json;
using System.Text.Json.Nodes;
using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;
using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Text;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Common;
using Serilog;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Trains the reference VLM from scratch on a fresh stream of synthetic benchmark samples (all weights
/// train here; this is how the project gets a frozen teacher without downloadable checkpoints).
/// </summary>
public sealed class ReferenceVlmPretraining : TrainLoop.IJob
{
    readonly ClipImageProcessor images;

    readonly ReferenceLossOptions loss;
    readonly OptimizationOptions training;
    readonly ReferenceDataOptions data;
    readonly BenchmarkTokenizer tokenizer = BenchmarkTokenizer.CreateDefault();
    readonly LlavaModel model;
    readonly IPromptFormat format;
    readonly MetricsLog evalLog;
    readonly CellLabelLoss cellLabels;
    readonly CellProbe? owners, values, queries;

    public ReferenceVlmPretraining(ReferenceModelOptions shape, ReferenceLossOptions loss, OptimizationOptions training,
        ReferenceDataOptions data, string runDir)
    {
        this.loss = loss;
        this.training = training;
        cellLabels = new CellLabelLoss(tokenizer);
        this.data = data;
        manual_seed(training.Seed);
        model = new LlavaModel(shape.ToConfig(tokenizer.VocabSize, tokenizer.TokenToId("<image>")));
        HfStyleInit.Apply(model);
        if (shape.InitFrom is not null) StartFrom(shape.InitFrom);
        if (shape.ColumnCode > 0) ColumnPositionCode.Add(model, shape.ColumnCode, training.Seed);
        owners = loss.OwnerWeight > 0 ? CellOwnerLoss.Probe(shape.TextHidden) : null;
        values = loss.ValueWeight > 0 ? BarValueLoss.Probe(shape.TextHidden) : null;
        queries = loss.QueryWeight <= 0 ? null
            : loss.QuerySharesOwnerProbe ? owners
            : new CellProbe(shape.TextHidden, CellOwners.All.Count, "query_probe.safetensors", "Loss:QueryWeight");
        format = new PlainPromptFormat(tokenizer, model.Config.ImageTokenIndex, model.Config.ImageTokenCount);
        // A CLIP processor whose resize and crop are no-ops at the benchmark's size.
        images = new ClipImageProcessor(new PreprocessorConfig
        {
            ShortestEdge = shape.ImageSize, CropHeight = shape.ImageSize, CropWidth = shape.ImageSize,
            ImageMean = shape.ImageMean ?? PreprocessorConfig.OpenAiClipMean, ImageStd = shape.ImageStd ?? PreprocessorConfig.OpenAiClipStd,
        });
        evalLog = new MetricsLog(Path.Combine(runDir, "eval.jsonl"));
    }

    public LlavaModel Model => model;

    // Copies an exported model's weights into this one (a resumed run then loads its checkpoint over them). A vision
    // tower deeper than the source's grows: the extra encoder layers follow the source's, with their attention and MLP
    // output projections zeroed, so each starts as the identity on the residual stream and the grown model computes
    // exactly what the source did until training moves them.
    void StartFrom(string dir)
    {
        using var source = ModelLoader.Load(dir, ComputeTarget.Cpu);
        var weights = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        int sourceLayers = source.Config.Vision.NumHiddenLayers, layers = model.Config.Vision.NumHiddenLayers;
        if (layers < sourceLayers)
            throw new InvalidDataException($"Model:InitFrom ({dir}) has {sourceLayers} vision layers; Model:VisionLayers ({layers}) cannot drop any.");
        var grown = Enumerable.Range(sourceLayers, layers - sourceLayers).Select(i => $"{VisionLayerPrefix}{i}.").ToArray();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (grown.Any(name.StartsWith))
            {
                if (name.EndsWith("self_attn.out_proj.weight") || name.EndsWith("mlp.fc2.weight")) parameter.zero_();
                continue;
            }
            if (!weights.TryGetValue(name, out var w))
                throw new InvalidDataException($"Model:InitFrom ({dir}) has no parameter '{name}': it is not a model of this Model:* shape.");
            if (!w.shape.SequenceEqual(parameter.shape))
                throw new InvalidDataException($"Model:InitFrom ({dir}): '{name}' is [{string.Join(", ", w.shape)}], this Model:* shape needs [{string.Join(", ", parameter.shape)}].");
            parameter.copy_(w);
        }
        Log.Information("Started from the weights of {Dir}{Grown}", dir,
            grown.Length > 0 ? $"; vision layers {sourceLayers}..{layers - 1} added as identity" : "");
    }

    const string VisionLayerPrefix = "vision_tower.vision_model.encoder.layers.";

    /// <summary>What the optimizer trains: the model, and the probes that are on.</summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> Parameters =>
        [.. model.parameters(), .. new[] { owners, values, queries }.Distinct().SelectMany(p => p?.Parameters ?? [])];

    /// <summary>Enough new tokens for the longest benchmark answer (an eight-line transcription is 135 tokens).</summary>
    public const int MaxAnswerTokens = 160;

    /// <summary>Draw the next step's images on a worker thread while this step computes (pure managed work, no tensors).</summary>
    public bool Prefetch { get; init; } = true;

    /// <summary>The [batch, sequence] shape of the last step's decoder input, after vision-token dropout (for FLOPs accounting).</summary>
    public (long Batch, long Length) LastShape { get; private set; }

    (int Step, Task<List<RenderedSample>> Samples)? pending;

    /// <summary>The step's images, drawn from the stream (each a pure function of the train seed and its index).</summary>
    public List<RenderedSample> Samples(int step) =>
        Enumerable.Range(step * training.BatchSize, training.BatchSize).Select(i => SyntheticBenchmark.Render(data.TrainSeed, i)).ToList();

    public (Tensor Loss, string Details) Loss(int step)
    {
        model.train();
        var samples = pending is { } p && p.Step == step ? p.Samples.Result : Samples(step);
        pending = Prefetch ? (step + 1, Task.Run(() => Samples(step + 1))) : null;
        var indices = Enumerable.Range(step * training.BatchSize, training.BatchSize).ToList();
        var batch = CaptionBatch.From(samples.Zip(indices, (s, i) => (s, Turns(s, i))).ToList(), tokenizer, format, images, loss.GroundingEvidence);
        var image = model.EncodeImage(batch.Pixels).Tokens;
        var embeds = model.ScatterImageTokens(batch.Ids, model.EmbedTokens(batch.Ids), image, batch.ImagePlaceholders);
        var positions = arange(batch.Ids.shape[1]).unsqueeze(0).expand(batch.Ids.shape[0], -1);
        var kept = DropVisionTokens(batch, (int)image.shape[1], step);
        var (ids, targets, regions) = kept is null ? (batch.Ids, batch.Targets, batch.Regions) : (kept.Gather(batch.Ids), kept.Gather(batch.Targets), kept.Regions);
        if (kept is not null) (embeds, positions) = (kept.Gather(embeds), kept.Gather(positions));
        LastShape = (ids.shape[0], ids.shape[1]);
        bool grounding = loss.GroundingWeight > 0 && step < loss.GroundingSteps;
        // Attention terms: (name, weight, layer, pairs). The question's pairs key on the full sequence's positions, so
        // they skip steps whose image tokens were dropped.
        var attentionTerms = new (string Name, double Weight, int Layer, GroundingLoss.Pairs Pairs)[]
        {
            ("grounding", grounding ? loss.GroundingWeight : 0, loss.GroundingLayer, regions),
            ("question", kept is null ? loss.QuestionGroundingWeight : 0, loss.QuestionGroundingLayer, batch.QuestionRegions),
            ("reads", kept is null ? loss.QuestionReadWeight : 0, loss.QuestionReadLayer, batch.QuestionReads),
            ("recalls", kept is null ? loss.QuestionRecallWeight : 0, loss.QuestionRecallLayer, batch.QuestionRecalls),
        }.Where(t => t.Weight > 0).ToArray();
        var captured = attentionTerms.Select(t => t.Layer).ToHashSet();
        var capture = captured.Count > 0 ? new AttentionCapture(captured, 0, ids.shape[1]) : null;
        var ctx = model.Decoder.Context(positions, embeds.dtype, capture);
        // The layers run in segments, so that the image tokens entering each cell-loss layer can be classified and
        // the answer read out after the grounding layer.
        bool readout = grounding && loss.ReadoutWeight > 0;
        var stops = (loss.CellWeight > 0 ? loss.CellLayers : []).Concat(owners is not null ? loss.OwnerLayers : [])
            .Concat(values is not null ? loss.ValueLayers : []).Concat(queries is not null ? loss.QueryLayers : []).Concat(readout ? [loss.GroundingLayer + 1] : []).Distinct().Order();
        var hidden = embeds;
        var inputs = new Dictionary<int, Tensor>();
        int ran = 0;
        foreach (int layer in stops)
        {
            hidden = model.Decoder.RunLayers(hidden, ctx, ran, layer);
            inputs[ran = layer] = hidden;
        }
        hidden = model.Decoder.RunLayers(hidden, ctx, ran);
        var logits = model.Logits(hidden); // [B, L, V]
        var answerLoss = CaptionBatch.PerSampleLoss(logits, targets);
        var total = answerLoss;
        var details = $"answer {answerLoss.item<float>():F4}";
        if (loss.CellWeight > 0)
        {
            var cellTargets = cellLabels.Targets(samples, tokenizer.VocabSize);
            if (kept is not null) cellTargets = kept.GatherCells(cellTargets);
            var embeddings = model.Decoder.EmbedTokens.weight!;
            var cellLayers = loss.CellLayers.Distinct().ToArray();
            var cellLoss = cellLayers.Select(l => CellLabelLoss.Loss(ImageTokens(inputs[l], ids), embeddings, cellTargets))
                .Aggregate((a, b) => a + b) / cellLayers.Length;
            total += loss.CellWeight * cellLoss;
            details += $" cells {cellLoss.item<float>():F4}";
        }
        // A probe's loss, the mean over the layers whose inputs it reads.
        void AddProbe(string name, CellProbe? probe, double weight, int[] layers, Func<Tensor, Tensor> tokens, Func<Tensor> targets)
        {
            if (probe is null) return;
            var target = targets();
            var probeLoss = layers.Distinct().Select(l => probe.Loss(tokens(inputs[l]), target)).Aggregate((a, b) => a + b) / layers.Distinct().Count();
            total += weight * probeLoss;
            details += $" {name} {probeLoss.item<float>():F4}";
        }
        Tensor Cells(Tensor t) => kept is null ? t : kept.GatherCells(t);
        AddProbe("owners", owners, loss.OwnerWeight, loss.OwnerLayers, h => ImageTokens(h, ids), () => Cells(CellOwnerLoss.Targets(samples, loss.OwnerParts)));
        AddProbe("values", values, loss.ValueWeight, loss.ValueLayers, h => ImageTokens(h, ids), () => Cells(BarValueLoss.Targets(samples)));
        if (loss.LabelValueWeight > 0)
            AddProbe("labels", values, loss.LabelValueWeight, loss.ValueLayers, h => ImageTokens(h, ids), () => Cells(BarValueLoss.Targets(samples, labelsOnly: true)));
        AddProbe("queries", queries, loss.QueryWeight, loss.QueryLayers, h => h, () => kept is null ? batch.QueryOwners : kept.Gather(batch.QueryOwners));
        foreach (var (name, weight, layer, pairs) in attentionTerms)
        {
            var attentionLoss = GroundingLoss.Loss(ctx.Captured[layer], pairs);
            total += weight * attentionLoss;
            details += $" {name} {attentionLoss.item<float>():F4}";
        }
        if (readout)
        {
            var readoutLoss = CaptionBatch.PerSampleLoss(model.Logits(inputs[loss.GroundingLayer + 1]), targets);
            total += loss.ReadoutWeight * readoutLoss;
            details += $" readout {readoutLoss.item<float>():F4}";
        }
        return (total, details);
    }

    // The hidden states [B, N, D] at the image placeholders of ids [B, L] (N per row, in order).
    Tensor ImageTokens(Tensor hidden, Tensor ids) =>
        hidden.index(ids.eq(model.Config.ImageTokenIndex)).view(ids.shape[0], -1, hidden.shape[2]);

    // On a VisionDropoutRate share of steps, keeps a fraction of each image's tokens drawn from [VisionKeepMin, 1] as
    // Data:VisionKeepDistribution says (null: the whole image); seeded per step, so a resumed run draws the same.
    VisionTokenDropout.Kept? DropVisionTokens(CaptionBatch batch, int imageTokens, int step)
    {
        var rng = new Random(training.Seed * 1_000_003 + step);
        if (data.VisionKeepMin >= 1 || rng.NextDouble() >= data.VisionDropoutRate) return null;
        int keep = (int)Math.Round(imageTokens * data.KeepFraction(rng.NextDouble()));
        return VisionTokenDropout.Sample(batch.Ids, model.Config.ImageTokenIndex, batch.Regions, batch.Evidence, keep, rng,
            protectEvidence: data.VisionDropoutKeeps == ReferenceDataOptions.Evidence);
    }

    // The sample's own question first (the single-turn case evaluation asks), then others in a per-sample random order
    // while the conversation stays within ConversationTokens.
    IReadOnlyList<FamilyQuestion> Turns(RenderedSample sample, int index)
    {
        var others = sample.Questions.Skip(1).ToArray();
        new Random(index).Shuffle(others);
        var turns = new List<FamilyQuestion> { sample.Questions[0] };
        int tokens = TurnTokens(sample.Questions[0]);
        foreach (var turn in others)
        {
            if (turns.Count == data.TurnsPerImage) break;
            if ((tokens += TurnTokens(turn)) > data.ConversationTokens) break;
            turns.Add(turn);
        }
        return turns;
    }

    // The question, its two separating newlines, the answer and its </s>.
    int TurnTokens(FamilyQuestion turn) => tokenizer.Encode(turn.Question).Count + tokenizer.Encode(turn.Answer).Count + 3;

    public void Evaluate(int step) => Evaluate(step, data.EvalSamples);

    /// <summary>Greedy exact match per family on held-out samples; returns accuracy by family (and "overall").</summary>
    public Dictionary<string, double> Evaluate(int step, int count)
    {
        model.eval();
        var pipeline = new AsymPipeline(new Vlm("reference-vlm", model, tokenizer, format, new ImageInput(images), ""));
        var unpruned = new RequestOptions { Generation = new GenerationOptions { MaxNewTokens = MaxAnswerTokens } };
        var correct = new Dictionary<string, (int Right, int Total)>();
        for (int i = 0; i < count; i++)
        {
            var s = SyntheticBenchmark.Render(data.ValSeed, i);
            using var pixels = images.Preprocess(s.Rgb, s.Width, s.Height).ToTensor();
            bool right = pipeline.Ask(pixels, s.Sample.Question, unpruned).Answer == s.Sample.Answer;
            foreach (var key in new[] { s.Sample.Family, "overall" })
            {
                var (r, t) = correct.GetValueOrDefault(key);
                correct[key] = (r + (right ? 1 : 0), t + 1);
            }
        }
        var accuracy = correct.ToDictionary(kv => kv.Key, kv => (double)kv.Value.Right / kv.Value.Total);
        evalLog.Write(new { step, samples = count, accuracy });
        Log.Information("eval step {Step}: {Accuracy}", step, string.Join(" ", accuracy.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value:P1}")));
        return accuracy;
    }

    public void SaveWeights(string dir)
    {
        ModelDirectory.SaveModel(model, dir);
        owners?.Save(dir);
        values?.Save(dir);
        if (queries != owners) queries?.Save(dir);
    }

    public void LoadWeights(string dir)
    {
        ModelWeights.Load(model, dir, float32, CPU);
        owners?.Load(dir);
        values?.Load(dir);
        if (queries != owners) queries?.Load(dir);
    }

    /// <summary>
    /// The shipped model directory: HF layout plus the tokenizer, preprocessor config and the producing configuration as
    /// the job resolved it (file, environment and command-line overrides), so the directory says how it was made.
    /// </summary>
    public void Export(string dir, JsonObject producingConfig, Dictionary<string, double> accuracy) =>
        AtomicDirectory.Write(dir, tmp =>
        {
            ModelDirectory.SaveModel(model, tmp);
            tokenizer.Save(tmp);
            ModelDirectory.SavePreprocessorConfig(tmp, images.Config);
            File.WriteAllText(Path.Combine(tmp, "pretrain.json"), producingConfig.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllText(Path.Combine(tmp, "eval.json"), JsonSerializer.Serialize(new { val_seed = data.ValSeed, accuracy }, new JsonSerializerOptions { WriteIndented = true }));
        });
}
