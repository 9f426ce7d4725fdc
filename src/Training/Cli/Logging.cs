using Serilog;

namespace AsymVLM.Training.Cli;

/// <summary>Serilog to the console and, for a run, to RUN_DIR/train.log.</summary>
public static class Logging
{
    public static void Start(string? logFile = null)
    {
        var config = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
        if (logFile is not null) config = config.WriteTo.File(logFile, outputTemplate: "{Timestamp:u} {Level:u3} {Message:lj}{NewLine}{Exception}");
        Log.Logger = config.CreateLogger();
    }
}
