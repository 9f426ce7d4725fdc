using System.CommandLine;
using AsymVLM.Inference.Checkpoints;

namespace AsymVLM.CommandLine;

/// <summary><c>--device auto|cpu|cuda</c> of every command that loads a model (auto: CUDA + bfloat16 when available).</summary>
public sealed class DeviceOption : Option<string>
{
    public DeviceOption() : base("--device")
    {
        Description = "where to run: auto (CUDA + bfloat16 when available, else CPU + float32), cpu or cuda";
        DefaultValueFactory = _ => "auto";
        HelpName = string.Join('|', ComputeTarget.Names);
        CompletionSources.Add(ComputeTarget.Names.ToArray());
    }

    public ComputeTarget Target(ParseResult parse) => ComputeTarget.Parse(parse.GetValue(this)!, Name);
}
