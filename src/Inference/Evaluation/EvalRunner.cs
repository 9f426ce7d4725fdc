using AsymVLM.Data.Metrics;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Evaluation;

/// <summary>Runs every configuration on the same samples through the pipeline (each image preprocessed once).</summary>
public sealed class EvalRunner(Vlm vlm, AsymPipeline pipeline, int maxNewTokens, int seed)
{
    public List<SampleOutcome> Run(IReadOnlyList<EvalSample> samples, IReadOnlyList<EvalConfiguration> configurations, Action<int, int>? progress = null)
    {
        var outcomes = new List<SampleOutcome>();
        int total = samples.Count * configurations.Count, done = 0;
        foreach (var sample in samples)
        {
            using var pixels = vlm.Images.FromRgbImage(sample.Item.Image.Decode());
            var metric = AnswerMetrics.ForTask(sample.Item.Task);
            foreach (var configuration in configurations)
            {
                var result = pipeline.Ask(pixels, sample.Item.Question, Options(configuration));
                outcomes.Add(new SampleOutcome(configuration, sample, result.Answer, metric.Score(result.Answer, sample.Item.Answers), result.Stats, result.KeptIndices));
                progress?.Invoke(++done, total);
            }
        }
        return outcomes;
    }

    RequestOptions Options(EvalConfiguration c) => new()
    {
        Selector = c.Selector,
        Budget = c.Adaptive ? new VisionBudget { Adaptive = true } : VisionBudget.OfRatio(c.Keep),
        TextPolicy = c.TextPolicy,
        TextBudget = c.TextBudget,
        Generation = new GenerationOptions { MaxNewTokens = maxNewTokens },
        Seed = seed,
    };
}
