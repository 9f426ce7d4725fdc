using AsymVLM.Data.Files;
using AsymVLM.Training.Common;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Pretraining;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace AsymVLM.Training.Cli;

/// <summary><c>dotnet run --project src/Training -- checkpoints/reference-vlm/pretrain.json [--resume]</c></summary>
public static class PretrainCommand
{
    public static int Run(string configPath, IConfigurationRoot config, bool resume)
    {
        JobConfiguration.RequireOnlySections(config, configPath, "Job", "Model", "Loss", "Training", "Data", "Output");
        var shape = JobConfiguration.Bind<ReferenceModelOptions>(config, "Model");
        var loss = JobConfiguration.Bind<ReferenceLossOptions>(config, "Loss");
        var training = JobConfiguration.Bind<OptimizationOptions>(config, "Training");
        var data = JobConfiguration.Bind<ReferenceDataOptions>(config, "Data");
        var output = JobConfiguration.Bind<OutputOptions>(config, "Output");
        // The export may hold the config itself (checkpoints/reference-vlm/pretrain.json): the new export writes it anew.
        OutputSafety.RequireApart(("Output:ExportDir", output.ExportDir), ("Output:RunDir", output.RunDir), ("Output:StableDir", output.StableDir));
        OutputSafety.RequireApart(("Output:StableDir", output.StableDir), ("the config file", configPath));
        OutputSafety.RequireApart(("Output:RunDir", output.RunDir), ("the config file", configPath));
        OutputSafety.RequireReplaceable("Output:ExportDir", output.ExportDir, "config.json", "model.safetensors", "pretrain.json");
        RunDirectory.Prepare(output.RunDir, resume, output.StableDir);
        Logging.Start(Path.Combine(output.RunDir, "train.log"));
        if (training.Threads > 0) TorchSharp.torch.set_num_threads(training.Threads);

        if (loss.GroundingWeight > 0 && loss.GroundingLayer >= shape.TextLayers)
            throw new ConfigurationException($"Loss:GroundingLayer ({loss.GroundingLayer}) must be below Model:TextLayers ({shape.TextLayers}).");
        if (loss.CellWeight > 0 && loss.CellLayers.Max() >= shape.TextLayers)
            throw new ConfigurationException($"Loss:CellLayers ({string.Join(", ", loss.CellLayers)}) must be below Model:TextLayers ({shape.TextLayers}).");
        if (loss.OwnerWeight > 0 && loss.OwnerLayers.Max() >= shape.TextLayers)
            throw new ConfigurationException($"Loss:OwnerLayers ({string.Join(", ", loss.OwnerLayers)}) must be below Model:TextLayers ({shape.TextLayers}).");
        var job = new ReferenceVlmPretraining(shape, loss, training, data, output.RunDir);
        var parameters = job.Parameters;
        Log.Information("Reference VLM: {Params:N0} parameters, {Tokens} image tokens, {Steps} steps of {Batch}",
            parameters.Sum(p => p.numel()), job.Model.Config.ImageTokenCount, training.Steps, training.BatchSize);
        new TrainLoop(training, parameters, output.RunDir, output.StableDir).Run(job, resume);

        var accuracy = job.Evaluate(training.Steps, data.EvalSamples * 4);
        job.Export(output.ExportDir, ResolvedConfig.ToJson(config), accuracy);
        Log.Information("Exported the reference VLM to {Dir}", output.ExportDir);
        return 0;
    }
}
