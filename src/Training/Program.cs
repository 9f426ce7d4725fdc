using AsymVLM.Training.Cli;
using AsymVLM.Training.Configuration;
using Serilog;

// AsymVLM training CLI:
//   dotnet run --project src/Training -- train.json [--resume] [--Section:Key=value ...]
//   dotnet run --project src/Training -- generate-data --out DIR --seed S --count N
//   dotnet run --project src/Training -- attention-report train.json [--limit N] [--out FILE.md]
//   dotnet run --project src/Training -- teacher train.json [--shard i --num-shards n]   (one teacher-cache shard)
//   dotnet run --project src/Training -- readout-report --model DIR [--seed S] [--limit N] [--out FILE.md]
//   dotnet run --project src/Training -- bench-pretrain CONFIG.json [--steps N]   (pretraining throughput)
try
{
    if (args.Length == 0)
    {
        Console.Error.WriteLine("usage: AsymVLM.Training CONFIG.json [--resume] [--Section:Key=value ...] | generate-data --out DIR --seed S --count N");
        return 2;
    }
    if (args[0] == "generate-data") return GenerateDataCommand.Run(new CommandLineArgs(args[1..]));
    if (args[0] == "attention-report") return AttentionReportCommand.Run(args[1..]);
    if (args[0] == "teacher") return TeacherCommand.Run(args[1..]);
    if (args[0] == "readout-report") return ReadoutReportCommand.Run(new CommandLineArgs(args[1..]));
    if (args[0] == "bench-pretrain" && args.Length > 1) return BenchPretrainCommand.Run(new CommandLineArgs(args[2..]), args[1]);

    bool resume = args.Contains("--resume");
    var overrides = args[1..].Where(a => a != "--resume");
    var config = JobConfiguration.Build(args[0], overrides);
    return config["Job"] switch
    {
        "pretrain" => PretrainCommand.Run(args[0], config, resume),
        "distill" => DistillCommand.Run(args[0], config, resume),
        var job => throw new ConfigurationException($"{args[0]}: 'Job' must be one of: pretrain, distill (got '{job}')."),
    };
}
catch (Exception e) when (e is ConfigurationException or ArgumentException or InvalidDataException or IOException or InvalidOperationException)
{
    Log.Error("{Message}", e.Message);
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
finally
{
    Log.CloseAndFlush();
}
