using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Data.Images;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Pipeline;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary><c>ask</c>: one answer about one image, with its cost.</summary>
public static class AskCommand
{
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var scorer = ModelOptions.Scorer();
        var image = new Option<string>("--image") { Description = "the image (PNG, JPEG, ...)", HelpName = "IMG", Required = true };
        var question = new Option<string>("--question") { Description = "the question about it", HelpName = "TEXT", Required = true };
        var explain = new Option<string?>("--explain") { Description = "also write the image with the kept patches marked to this PNG (AnyRes: the base view and the tile map side by side)", HelpName = "OUT.png" };
        var device = new DeviceOption();
        var request = new RequestArgs();
        var command = new Command("ask", "Answer one question about one image, pruned as the options say, and show what it cost.")
        {
            model, scorer, image, question, explain, device,
        };
        request.AddTo(command);
        command.SetAction(parse =>
        {
            var options = request.Read(parse);
            using var engine = VlmEngine.Load(parse.GetValue(model)!, parse.GetValue(scorer), device.Target(parse));
            string path = parse.GetValue(image)!;
            var rgb = ImageDecoder.DecodeFile(path);
            var result = engine.Ask(ImageSource.FromRgbImage(rgb, path), parse.GetValue(question)!, options);
            if (parse.GetValue(explain) is { } explained)
            {
                var (drawn, width, height) = KeptPatchOverlay.DrawAsSeen(rgb, engine.ModelConfig.Vision, engine.AnyResLayout(rgb.Height, rgb.Width), result.KeptIndices);
                PngFile.Write(explained, drawn, width, height);
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(result.Answer)}[/]");
            AnsiConsole.Write(StatsTable(result.Stats, options));
            return 0;
        });
        return command.WithExamples(
            "asymvlm ask --model checkpoints/reference-vlm --scorer checkpoints/reference-scorer --image datasets/test/images/s3_000000.png --question \"what is the value of REF?\" --selector learned --keep 0.25 --text-policy asym --text-budget 12");
    }

    static Table StatsTable(RequestStats s, RequestOptions o)
    {
        var table = new Table().AddColumns("", "value");
        void Row(string name, string value) => table.AddRow(name, Markup.Escape(value));
        Row("selector / budget", $"{o.Selector}, kept {s.VisionTokensKept}/{s.VisionTokensTotal} vision tokens (budget {s.VisionBudget})");
        Row("text policy", o.TextPolicy == "none" ? "none" : $"{o.TextPolicy}, budget {o.TextBudget}, evicted {s.TextEntriesEvicted}");
        Row("prefill tokens", s.PrefillTokens.ToString());
        Row("prefill GFLOPs (unpruned)", $"{s.PrefillFlops / 1e9:F3} ({s.UnprunedPrefillFlops / 1e9:F3})");
        Row("decode GFLOPs (unpruned)", $"{s.DecodeFlops / 1e9:F3} ({s.UnprunedDecodeFlops / 1e9:F3})");
        Row("FLOPs saved", $"{s.FlopsSaved:P1}");
        Row("encode / scorer / prefill / decode ms", $"{s.EncodeMs:F1} / {s.ScorerMs:F1} / {s.PrefillMs:F1} / {s.DecodeMs:F1}");
        Row("peak KV entries / bytes", $"{s.PeakKvEntries} / {s.PeakKvBytes:N0}");
        return table;
    }
}
