using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Model;
using AsymVLM.Training.Common;
using AsymVLM.Training.Configuration;
using Microsoft.Extensions.Configuration;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// A pretraining config (<c>checkpoints/reference-vlm/pretrain.json</c>), bound and validated, including that the model it
/// describes fits the layers its losses name and the memory training it takes, before anything is allocated.
/// </summary>
public sealed record PretrainJobConfig(ReferenceModelOptions Model, ReferenceLossOptions Loss, OptimizationOptions Training,
    ReferenceDataOptions Data, OutputOptions Output)
{
    /// <summary>float32 weights, their gradients and AdamW's two moments.</summary>
    public const int TrainingBytesPerParameter = 16;

    public static PretrainJobConfig Bind(string file, IConfigurationRoot config)
    {
        JobConfiguration.RequireOnlySections(config, file, "Job", "Model", "Loss", "Training", "Data", "Output");
        var job = new PretrainJobConfig(
            JobConfiguration.Bind<ReferenceModelOptions>(config, "Model"),
            JobConfiguration.Bind<ReferenceLossOptions>(config, "Loss"),
            JobConfiguration.Bind<OptimizationOptions>(config, "Training"),
            JobConfiguration.Bind<ReferenceDataOptions>(config, "Data"),
            JobConfiguration.Bind<OutputOptions>(config, "Output"));
        job.RequireBuildable(file);
        return job;
    }

    void RequireBuildable(string file)
    {
        int layers = Model.TextLayers;
        if (Loss.GroundingWeight > 0 && Loss.GroundingLayer >= layers)
            throw new ConfigurationException($"Loss:GroundingLayer ({Loss.GroundingLayer}) must be below Model:TextLayers ({layers}).");
        if (Loss.QuestionGroundingWeight > 0 && Loss.QuestionGroundingLayer >= layers)
            throw new ConfigurationException($"Loss:QuestionGroundingLayer ({Loss.QuestionGroundingLayer}) must be below Model:TextLayers ({layers}).");
        if (Loss.QuestionReadWeight > 0 && Loss.QuestionReadLayer >= layers)
            throw new ConfigurationException($"Loss:QuestionReadLayer ({Loss.QuestionReadLayer}) must be below Model:TextLayers ({layers}).");
        if (Loss.QuestionRecallWeight > 0 && Loss.QuestionRecallLayer >= layers)
            throw new ConfigurationException($"Loss:QuestionRecallLayer ({Loss.QuestionRecallLayer}) must be below Model:TextLayers ({layers}).");
        if (Loss.CellWeight > 0 && Loss.CellLayers.Max() >= layers)
            throw new ConfigurationException($"Loss:CellLayers ({string.Join(", ", Loss.CellLayers)}) must be below Model:TextLayers ({layers}).");
        if (Loss.OwnerWeight > 0 && Loss.OwnerLayers.Max() >= layers)
            throw new ConfigurationException($"Loss:OwnerLayers ({string.Join(", ", Loss.OwnerLayers)}) must be below Model:TextLayers ({layers}).");
        if (Loss.ValueWeight > 0 && Loss.ValueLayers.Max() >= layers)
            throw new ConfigurationException($"Loss:ValueLayers ({string.Join(", ", Loss.ValueLayers)}) must be below Model:TextLayers ({layers}).");
        if (Loss.QueryWeight > 0 && Loss.QueryLayers.Max() >= layers)
            throw new ConfigurationException($"Loss:QueryLayers ({string.Join(", ", Loss.QueryLayers)}) must be below Model:TextLayers ({layers}).");

        var tokenizer = BenchmarkTokenizer.CreateDefault();
        var config = Model.ToConfig(tokenizer.VocabSize, tokenizer.TokenToId("<image>"));
        try { config.Validate($"{file} (section Model)"); }
        catch (InvalidDataException e) { throw new ConfigurationException(e.Message); }
        long parameters = LlavaParameterShapes.ElementCount(LlavaParameterShapes.Of(config))!.Value;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if ((double)parameters * TrainingBytesPerParameter > available)
            throw new ConfigurationException($"{file}: section Model describes a reference VLM of {parameters:N0} parameters; training it takes " +
                $"{parameters * (double)TrainingBytesPerParameter / (1L << 30):F1} GiB (weights, gradients, AdamW moments), more than this machine's {available / (double)(1L << 30):F1} GiB.");
    }
}
