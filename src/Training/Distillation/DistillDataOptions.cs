using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Distillation;

/// <summary>The <c>Data</c> section of train.json: the training split and the held-out split.</summary>
public sealed class DistillDataOptions : IValidatedOptions
{
    public DatasetOptions Train { get; set; } = new();
    public DatasetOptions Val { get; set; } = new();

    public void Validate(string section)
    {
        Train.Validate($"{section}:Train");
        Val.Validate($"{section}:Val");
        if (Path.GetFullPath(Train.Dir) == Path.GetFullPath(Val.Dir))
            throw new ConfigurationException($"{section}:Val:Dir must differ from {section}:Train:Dir.");
        if (Train.Seed is { } a && Val.Seed is { } b && a == b)
            throw new ConfigurationException($"{section}:Val:Seed must differ from {section}:Train:Seed.");
    }
}
