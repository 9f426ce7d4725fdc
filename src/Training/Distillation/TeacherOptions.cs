using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Distillation;

/// <summary>The <c>Teacher</c> section: which frozen VLM, and how its attention becomes a target.</summary>
public sealed class TeacherOptions : IValidatedOptions
{
    public string ModelDir { get; set; } = "";
    /// <summary>Decoder layers whose attention is averaged (negative counts from the end).</summary>
    public int[] Layers { get; set; } = [];
    /// <summary>"question": attention from the question tokens; "question_and_answer": also from the
    /// teacher-forced answer positions, i.e. where the model looks while it answers.</summary>
    public string Queries { get; set; } = "question_and_answer";
    /// <summary>τ: the budget target is the smallest k whose top-k teacher tokens hold this mass.</summary>
    public double MassThreshold { get; set; } = 0.9;
    public int BatchSize { get; set; } = 16;
    public string CacheDir { get; set; } = "runs/teacher-cache";
    /// <summary>How many shards the teacher pass is split into (computed by the teacher command on many machines).</summary>
    public int NumShards { get; set; } = 1;

    public void Validate(string section)
    {
        Require.DirectoryExists(ModelDir, $"{section}:ModelDir");
        if (Layers.Length == 0) throw new ConfigurationException($"{section}:Layers must name at least one decoder layer.");
        if (Queries is not ("question" or "question_and_answer"))
            throw new ConfigurationException($"{section}:Queries must be 'question' or 'question_and_answer', got '{Queries}'.");
        Require.InRange(MassThreshold, 0.01, 1, $"{section}:MassThreshold");
        Require.Positive(BatchSize, $"{section}:BatchSize");
        Require.NotEmpty(CacheDir, $"{section}:CacheDir");
        Require.InRange(NumShards, 1, 100_000, $"{section}:NumShards");
    }
}
