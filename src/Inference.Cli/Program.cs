using AsymVLM.Inference.Cli;

return InferenceCommands.Run(args);
