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
        // Every loss term that reads a decoder layer, with the key naming it: each must be a layer the model has.
        (string Key, double Weight, int[] Layers)[] terms =
        [
            ("GroundingLayer", Loss.GroundingWeight, [Loss.GroundingLayer]),
            ("QuestionGroundingLayer", Loss.QuestionGroundingWeight, [Loss.QuestionGroundingLayer]),
            ("QuestionReadLayer", Loss.QuestionReadWeight, [Loss.QuestionReadLayer]),
            ("QuestionRecallLayer", Loss.QuestionRecallWeight, [Loss.QuestionRecallLayer]),
            ("CellLayers", Loss.CellWeight, Loss.CellLayers),
            ("OwnerLayers", Loss.OwnerWeight, Loss.OwnerLayers),
            ("ValueLayers", Loss.ValueWeight, Loss.ValueLayers),
            ("QueryLayers", Loss.QueryWeight, Loss.QueryLayers),
        ];
        foreach (var (key, weight, used) in terms)
            if (weight > 0 && used.Max() >= layers)
                throw new ConfigurationException($"Loss:{key} ({string.Join(", ", used)}) must be below Model:TextLayers ({layers}).");

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
