using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Cli;

/// <summary>
/// The training command line: <c>CONFIG.json [--resume] [--Section:Key=value ...]</c> runs the job the file names
/// (<c>"Job": "pretrain"</c> or <c>"distill"</c>); the subcommands make data, reports and benchmarks.
/// </summary>
public static class TrainingCommands
{
    /// <summary>What Program runs; a configuration error is reported like any other input error, and logged.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null) =>
        CliApp.Run(Root(), args, output, error, isInputError: e => e is ConfigurationException, onInputError: e => Serilog.Log.Error("{Message}", e.Message));

    public static RootCommand Root()
    {
        var config = ConfigArgument.Create("the job's JSON file (\"Job\": \"pretrain\" or \"distill\"), e.g. train.json");
        var overrides = ConfigArgument.Overrides();
        var resume = new Option<bool>("--resume") { Description = "continue the run directory's checkpoint (without it, a run directory that holds one is refused)" };
        var root = new RootCommand("AsymVLM training: pretrain the reference VLM or distill the importance head, as the config file says.")
        {
            config, overrides, resume,
            GenerateDataCommand.Create(),
            TeacherCommand.Create(),
            AttentionReportCommand.Create(),
            ReadoutReportCommand.Create(),
            BenchPretrainCommand.Create(),
            ChartErrorsCommand.Create(),
        };
        root.SetAction(parse =>
        {
            string path = parse.GetValue(config)!;
            var configuration = JobConfiguration.Build(path, parse.GetValue(overrides)!);
            return configuration["Job"] switch
            {
                "pretrain" => PretrainCommand.Run(path, configuration, parse.GetValue(resume)),
                "distill" => DistillCommand.Run(path, configuration, parse.GetValue(resume)),
                var job => throw new ConfigurationException($"{path}: 'Job' must be one of: pretrain, distill (got '{job}')."),
            };
        });
        CommandExamples.ShowInHelp(root);
        return root.WithExamples(
            "dotnet run --project src/Training -- train.json",
            "dotnet run --project src/Training -- train.json --Teacher:Signal=rollout --Output:ScorerDir=runs/scorer-rollout",
            "dotnet run --project src/Training -- checkpoints/reference-vlm/pretrain.json --resume");
    }
}
