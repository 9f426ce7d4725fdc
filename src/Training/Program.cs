using AsymVLM.Training.Cli;
using Serilog;

try
{
    return TrainingCommands.Run(args);
}
finally
{
    Log.CloseAndFlush();
}
