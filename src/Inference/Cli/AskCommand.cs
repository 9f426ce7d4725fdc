using AsymVLM.Data.Images;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Pipeline;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>ask --model DIR [--scorer DIR] --image IMG --question "..." [--selector NAME] [--keep R | --keep-count N | --adaptive]
/// [--text-policy NAME] [--text-budget N]</c>: one answer with its cost.
/// </summary>
public static class AskCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--model", "--scorer", "--image", "--question", "--explain", "--device", .. RequestArgs.Options], RequestArgs.Flags);
        var options = RequestArgs.Parse(args);
        string question = args.Required("--question");
        using var engine = VlmEngine.Load(args.Required("--model"), args.Get("--scorer"), args.Target());
        var image = ImageDecoder.DecodeFile(args.Required("--image"));
        var result = engine.Ask(ImageSource.FromRgbImage(image, args.Required("--image")), question, options);
        if (args.Get("--explain") is { } explain)
        {
            // Patches index the model's input grid; the overlay maps it onto the image as given (exact when no crop).
            var drawn = KeptPatchOverlay.Draw(image.Pixels, image.Width, image.Height, engine.ModelConfig.Vision.GridSize, result.KeptIndices);
            PngFile.Write(explain, drawn, image.Width, image.Height);
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(result.Answer)}[/]");
        AnsiConsole.Write(StatsTable(result.Stats, options));
        return 0;
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
