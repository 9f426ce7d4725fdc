using System.Text.Json.Nodes;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Distillation;

/// <summary>The <c>Teacher</c> section: which frozen VLM, and how its behaviour becomes a target.</summary>
public sealed class TeacherOptions : IValidatedOptions
{
    public const string AttentionSignal = "attention", RolloutSignal = "rollout", GradientSignal = "gradient";
    public const string MassBudget = "mass", LossBudget = "loss";

    public string ModelDir { get; set; } = "";
    /// <summary>Decoder layers whose attention is averaged (negative counts from the end); the rollout runs up to the last of
    /// them; the gradient signal does not use them.</summary>
    public int[] Layers { get; set; } = [];
    /// <summary>"question": attention from the question tokens; "question_and_answer": also from the
    /// teacher-forced answer positions, i.e. where the model looks while it answers.</summary>
    public string Queries { get; set; } = "question_and_answer";
    /// <summary>What the target distribution is: "attention" (the layers' direct query→vision attention),
    /// "rollout" (attention flow through layers 0..max(Layers), residual included) or "gradient"
    /// (|gradient × input| of the teacher-forced answer loss at each vision token).</summary>
    public string Signal { get; set; } = AttentionSignal;
    /// <summary>"mass": the budget target is the smallest k whose top-k teacher tokens hold <see cref="MassThreshold"/>;
    /// "loss": the smallest k of <see cref="BudgetLadder"/> at which the model, given only the teacher's top-k tokens,
    /// answers within <see cref="LossTolerance"/> of its unpruned answer loss.</summary>
    public string BudgetTarget { get; set; } = MassBudget;
    /// <summary>τ: the budget target is the smallest k whose top-k teacher tokens hold this mass.</summary>
    public double MassThreshold { get; set; } = 0.9;
    /// <summary>ε in nats: how much mean answer-token loss a pruned budget may add (BudgetTarget "loss").</summary>
    public double LossTolerance { get; set; } = 0.1;
    /// <summary>The budgets tried for BudgetTarget "loss", ascending; capped at the token count, which always closes the ladder.
    /// A configured ladder replaces this default (<see cref="Configuration.JobConfiguration.Bind{T}"/>).</summary>
    public int[] BudgetLadder { get; set; } = [.. DefaultBudgetLadder];
    public static readonly int[] DefaultBudgetLadder = [8, 16, 32, 48, 64, 96, 128, 192, 256];
    public int BatchSize { get; set; } = 16;
    /// <summary>Where the teacher runs: <c>auto</c> (CUDA + bfloat16 when available, else CPU + float32), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "auto";
    public string CacheDir { get; set; } = "runs/teacher-cache";
    /// <summary>How many shards the teacher pass is split into (computed by the teacher command on many machines).</summary>
    public int NumShards { get; set; } = 1;

    /// <summary>True when the teacher pass needs the answer tokens in its input (as queries, or for the answer loss).</summary>
    /// <summary>Where <see cref="Device"/> says to run.</summary>
    public ComputeTarget Target => ComputeTarget.Parse(Device, "Teacher:Device");

    public bool NeedsAnswer => Queries == "question_and_answer" || Signal == GradientSignal || BudgetTarget == LossBudget;

    public void Validate(string section)
    {
        Require.DirectoryExists(ModelDir, $"{section}:ModelDir");
        if (Layers.Length == 0) throw new ConfigurationException($"{section}:Layers must name at least one decoder layer.");
        if (Queries is not ("question" or "question_and_answer"))
            throw new ConfigurationException($"{section}:Queries must be 'question' or 'question_and_answer', got '{Queries}'.");
        if (Signal is not (AttentionSignal or RolloutSignal or GradientSignal))
            throw new ConfigurationException($"{section}:Signal must be '{AttentionSignal}', '{RolloutSignal}' or '{GradientSignal}', got '{Signal}'.");
        if (BudgetTarget is not (MassBudget or LossBudget))
            throw new ConfigurationException($"{section}:BudgetTarget must be '{MassBudget}' or '{LossBudget}', got '{BudgetTarget}'.");
        Require.InRange(MassThreshold, 0.01, 1, $"{section}:MassThreshold");
        Require.InRange(LossTolerance, 0, 100, $"{section}:LossTolerance");
        if (BudgetLadder.Length == 0 || BudgetLadder[0] < 1 || BudgetLadder.Zip(BudgetLadder.Skip(1)).Any(p => p.Second <= p.First))
            throw new ConfigurationException($"{section}:BudgetLadder must be strictly ascending token counts >= 1, got [{string.Join(", ", BudgetLadder)}].");
        Require.Positive(BatchSize, $"{section}:BatchSize");
        if (!ComputeTarget.Names.Contains(Device))
            throw new ConfigurationException($"{section}:Device must be one of {string.Join(", ", ComputeTarget.Names)}, got '{Device}'.");
        Require.NotEmpty(CacheDir, $"{section}:CacheDir");
        Require.InRange(NumShards, 1, 100_000, $"{section}:NumShards");
    }

    /// <summary>
    /// Every setting that changes the cached targets, for the cache key. The default signal and budget give
    /// exactly the settings of the attention-only teacher, so its existing caches stay valid.
    /// </summary>
    public JsonObject CacheSettings()
    {
        var settings = new JsonObject
        {
            ["Layers"] = new JsonArray(Layers.Select(l => (JsonNode)l).ToArray()),
            ["Queries"] = Queries,
            ["MassThreshold"] = MassThreshold,
        };
        if (Signal != AttentionSignal) settings["Signal"] = Signal;
        if (BudgetTarget != MassBudget)
        {
            settings["BudgetTarget"] = BudgetTarget;
            settings["LossTolerance"] = LossTolerance;
            settings["BudgetLadder"] = new JsonArray(BudgetLadder.Select(k => (JsonNode)k).ToArray());
        }
        return settings;
    }
}
