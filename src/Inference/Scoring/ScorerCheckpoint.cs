using TorchSharp;
using System.Text.Json;
using System.Text.Json.Nodes;
using AsymVLM.Inference.Checkpoints;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Scoring;

/// <summary>
/// A distilled scorer on disk: <c>scorer.safetensors</c> (the head's weights, readable by Python's safetensors)
/// and <c>scorer.json</c> (head config, the teacher's name and content hash, training config, metrics).
/// </summary>
public static class ScorerCheckpoint
{
    public const string WeightsFile = "scorer.safetensors";
    public const string MetadataFile = "scorer.json";

    public static void Save(string dir, ImportanceHead head, ScorerMetadata metadata)
    {
        Directory.CreateDirectory(dir);
        ParameterFile.Save(Path.Combine(dir, WeightsFile), head, new Dictionary<string, string> { ["format"] = "pt", ["teacher_hash"] = metadata.TeacherHash });
        var tmp = Path.Combine(dir, MetadataFile + ".tmp");
        File.WriteAllText(tmp, JsonSerializer.Serialize(metadata, JsonOptions));
        File.Move(tmp, Path.Combine(dir, MetadataFile), overwrite: true);
    }

    public static ScorerMetadata ReadMetadata(string dir)
    {
        var path = Path.Combine(dir, MetadataFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"Scorer metadata not found: {path}", path);
        try
        {
            return JsonSerializer.Deserialize<ScorerMetadata>(File.ReadAllText(path), JsonOptions)
                ?? throw new InvalidDataException($"{path}: empty scorer metadata.");
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: invalid scorer metadata: {e.Message}", e); }
    }

    /// <summary>Loads a scorer for the model with this fingerprint; a scorer distilled from another teacher is refused.</summary>
    public static (ImportanceHead Head, ScorerMetadata Metadata) Load(string dir, string modelHash, Device device)
    {
        var metadata = ReadMetadata(dir);
        if (metadata.TeacherHash != modelHash)
            throw new InvalidDataException(
                $"{Path.Combine(dir, MetadataFile)}: this scorer was distilled from '{metadata.TeacherName}' ({metadata.TeacherHash[..12]}…), " +
                $"not from the given model ({modelHash[..12]}…).");
        var head = new ImportanceHead(metadata.Head);
        ParameterFile.Load(Path.Combine(dir, WeightsFile), head);
        head.to(device);
        head.eval();
        return (head, metadata);
    }

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

/// <summary>What scorer.json holds.</summary>
public sealed record ScorerMetadata(
    ImportanceHeadConfig Head,
    string TeacherName,
    string TeacherHash,
    JsonObject TrainingConfig,
    Dictionary<string, double> Metrics);
