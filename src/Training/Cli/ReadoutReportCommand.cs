using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>readout-report</c>: whether a reference VLM looks at the right glyph cell, keeps what the cell shows, and reads it
/// out (held-out synthetic samples of that seed).
/// </summary>
public static class ReadoutReportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "a reference VLM (HF layout)", HelpName = "DIR", Required = true };
        var seed = new Option<int>("--seed") { Description = "seed of the held-out synthetic samples", HelpName = "S", DefaultValueFactory = _ => 2 };
        var limit = new Option<int>("--limit") { Description = "samples measured", HelpName = "N", DefaultValueFactory = _ => 200 };
        var device = new DeviceOption();
        var output = new Option<string?>("--out") { Description = "also write the Markdown report here", HelpName = "FILE.md" };
        var command = new Command("readout-report", "Whether a reference VLM looks at the right glyph cell, keeps what the cell shows, and reads it out.")
        {
            model, seed, limit, device, output,
        };
        command.SetAction(parse =>
        {
            var vlm = VlmLoader.Load(parse.GetValue(model)!, device.Target(parse));
            var md = ReadoutReport.Markdown(ReadoutReport.Measure(vlm, parse.GetValue(seed), parse.GetValue(limit)));
            Console.WriteLine(md);
            if (parse.GetValue(output) is { } file) File.WriteAllText(file, md);
            return 0;
        });
        return command.WithExamples("dotnet run --project src/Training -- readout-report --model checkpoints/reference-vlm --limit 200 --out readout.md");
    }
}
