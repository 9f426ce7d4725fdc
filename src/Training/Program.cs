using AsymVLM.CommandLine;
using AsymVLM.Training.Cli;
using AsymVLM.Training.Configuration;
using Serilog;

try
{
    return CliApp.Run(TrainingCommands.Root(), args, isInputError: e => e is ConfigurationException,
        onInputError: e => Log.Error("{Message}", e.Message));
}
finally
{
    Log.CloseAndFlush();
}
