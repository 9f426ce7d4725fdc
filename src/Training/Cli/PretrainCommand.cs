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
        var (shape, loss, training, data, output) = PretrainJobConfig.Bind(configPath, config);
        // The export may hold the config itself (checkpoints/reference-vlm/pretrain.json): the new export writes it anew.
        OutputSafety.RequireApart(("Output:ExportDir", output.ExportDir), ("Output:RunDir", output.RunDir), ("Output:StableDir", output.StableDir));
        OutputSafety.RequireApart(("Output:StableDir", output.StableDir), ("the config file", configPath));
        OutputSafety.RequireApart(("Output:RunDir", output.RunDir), ("the config file", configPath));
        foreach (var (key, dir) in new[] { ("Output:ExportDir", output.ExportDir), ("Output:RunDir", output.RunDir), ("Output:StableDir", output.StableDir) })
            OutputSafety.RequireApart((key, dir), ("Model:InitFrom", shape.InitFrom));
        OutputSafety.RequireReplaceable("Output:ExportDir", output.ExportDir, "config.json", "model.safetensors", "pretrain.json");
        RunDirectory.Prepare(output.RunDir, resume, output.StableDir);
        Logging.Start(Path.Combine(output.RunDir, "train.log"));
        if (training.Threads > 0) TorchSharp.torch.set_num_threads(training.Threads);

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
