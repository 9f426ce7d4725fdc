using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Checkpoints;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// Parity harness: <c>logits --model DIR --inputs IN.safetensors --out OUT.safetensors</c>.
/// IN holds input_ids (int64 [1, L], image placeholders expanded) and pixel_values (float32 [1, 3, H, W]; LLaVA-NeXT:
/// [1, views, 3, H, W] with image_sizes int64 [1, 2], height and width);
/// OUT gets logits (float32 [1, L, V]) to compare with a Python run of the same checkpoint.
/// </summary>
public static class LogitsCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--model", "--inputs", "--out", "--device"]);
        var target = args.Target();
        using var model = ModelLoader.Load(args.Required("--model"), target);
        using var inputs = LogitsInputs.Read(args.Required("--inputs"), model.Config, target.DType, target.Device);
        using var noGrad = no_grad();
        using var logits = model.FullLogits(inputs.Ids, inputs.Pixels, inputs.ImageSizes).to(float32).cpu();
        SafeTensorsWriter.Save(args.Required("--out"), [new("logits", logits)]);
        Console.WriteLine($"logits [{string.Join(", ", logits.shape)}] -> {args.Required("--out")}");
        return 0;
    }
}
