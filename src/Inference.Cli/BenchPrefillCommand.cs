using System.CommandLine;
using System.Globalization;
using AsymVLM.CommandLine;
using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;
using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Pipeline;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-prefill</c>: prefill time by keep ratio against the ideal (token-count) ratio, and the scorer's share. With
/// <c>--image-size</c> every image is resized to that size first: on an AnyRes model it sets the views and so the
/// vision-token count (672x672 on llava-v1.6's geometry: 2928).
/// </summary>
public static class BenchPrefillCommand
{
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var scorer = ModelOptions.Scorer();
        var data = new Option<string>("--data") { Description = "a dataset folder (manifest.jsonl + images)", HelpName = "DATASET", Required = true };
        var selector = new Option<string>("--selector") { Description = "vision selector", HelpName = "NAME", DefaultValueFactory = _ => "learned" };
        var keep = new Option<string>("--keep") { Description = "keep ratios, comma-separated", HelpName = "R,R,...", DefaultValueFactory = _ => "0.5,0.25,0.11" };
        var samples = PositiveInt.Option("--samples", "samples measured", 24);
        var repeats = PositiveInt.Option("--repeats", "timed runs of each sample (the median counts)", 3);
        var untrained = new Option<bool>("--untrained-scorer")
        {
            Description = "time an untrained importance head of the default shape instead of --scorer (its speed does not depend on its weights): for a random model of real geometry, which has no distilled scorer",
        };
        var imageSize = new Option<string?>("--image-size") { Description = "resize every image to this size first (AnyRes: it sets the vision-token count)", HelpName = "HxW" };
        var threads = new Option<int?>("--threads") { Description = "TorchSharp threads (default: TorchSharp's own)", HelpName = "N" };
        var device = new DeviceOption();
        var command = new Command("bench-prefill", "Prefill time by keep ratio against the ideal ratio, and the scorer's share of it.")
        {
            model, scorer, untrained, data, selector, keep, samples, repeats, imageSize, threads, device,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is { } n) TorchSharp.torch.set_num_threads(n);
            var keeps = EvalCommand.List(parse.GetValue(keep)!)
                .Select(k => double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
                    : throw new ArgumentException($"Option --keep: '{k}' is not a number.")).ToList();
            if (parse.GetValue(untrained) && parse.GetValue(scorer) is not null)
                throw new ArgumentException("Options --scorer and --untrained-scorer: give one of them.");
            var (vlm, pipeline) = parse.GetValue(untrained)
                ? LoadedPipeline.WithUntrainedScorer(parse.GetValue(model)!, device.Target(parse))
                : LoadedPipeline.Load(parse.GetValue(model)!, parse.GetValue(scorer), device.Target(parse));
            var size = parse.GetValue(imageSize) is { } text ? ParseSize(text) : ((int Height, int Width)?)null;
            var items = Samples(vlm, parse.GetValue(data)!, parse.GetValue(samples), size);
            int repeatCount = parse.GetValue(repeats);
            var rows = new PrefillBenchmark(pipeline, parse.GetValue(selector)!, vlm).Run(items, keeps, repeatCount);

            var table = new Table().Title($"Prefill time by keep ratio ({items.Count} samples x {repeatCount}, {TorchSharp.torch.get_num_threads()} threads, {rows[0].VisionTokens} vision tokens)")
                .AddColumns("keep", "prefill tokens", "prefill ms", "ratio to unpruned", "ideal ratio", "speed-up of ideal", "GEMM ratio", "speed-up of GEMM ratio", "scorer ms", "scorer share");
            foreach (var r in rows)
                table.AddRow($"{r.Keep:P0}", $"{r.PrefillTokens}", $"{r.PrefillMs:F2}", $"{r.Ratio:F3}", $"{r.IdealRatio:F3}", $"{r.OfIdeal:P0}", $"{r.GemmRatio:F3}", $"{r.OfGemm:P0}", $"{r.ScorerMs:F2}", $"{r.ScorerShare:P1}");
            AnsiConsole.Write(table);
            return 0;
        });
        return command.WithExamples(
            "asymvlm bench-prefill --model checkpoints/reference-vlm --scorer checkpoints/reference-scorer --data datasets/test --keep 0.5,0.25,0.11 --threads 2",
            "asymvlm bench-prefill --model runs/llava15-f32 --untrained-scorer --data datasets/test --samples 4 --repeats 1",
            "asymvlm bench-prefill --model runs/llava-next-f32 --untrained-scorer --data datasets/test --image-size 672x672 --keep 0.5,0.25,0.11 --samples 2 --repeats 1");
    }

    /// <summary>The first <paramref name="count"/> samples of a dataset folder, each image resized to <paramref name="size"/> when given.</summary>
    public static List<(ImagePixels Pixels, string Question)> Samples(Vlm vlm, string data, int count, (int Height, int Width)? size)
    {
        string manifest = Path.Combine(data, SyntheticBenchmark.ManifestFileName);
        return Manifest.Read(manifest).Take(count).Select(s =>
        {
            var rgb = ImageDecoder.DecodeFile(Manifest.ImagePath(manifest, s));
            if (size is var (h, w)) rgb = PilResize.Resize(rgb, w, h, PilResampling.Bicubic);
            return (vlm.Images.FromRgbImage(rgb), s.Question);
        }).ToList();
    }

    static (int Height, int Width) ParseSize(string text)
    {
        var parts = text.Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], out int h) && int.TryParse(parts[1], out int w) && h > 0 && w > 0
            ? (h, w)
            : throw new ArgumentException($"Option --image-size: '{text}' is not HxW (positive pixels, e.g. 672x672).");
    }
}
