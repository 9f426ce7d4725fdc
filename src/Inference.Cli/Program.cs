using AsymVLM.CommandLine;
using AsymVLM.Inference.Cli;

return CliApp.Run(InferenceCommands.Root(), args);
