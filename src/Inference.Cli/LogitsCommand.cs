using System.CommandLine;
using AsymVLM.CommandLine;
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
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var inputs = new Option<string>("--inputs") { Description = "input_ids (integer [B, L], image placeholders expanded) and pixel_values (float [B, 3, S, S]; llava_next, llava_onevision: [B, views, 3, S, S] with image_sizes [B, 2])", HelpName = "IN.safetensors", Required = true };
        var output = new Option<string>("--out") { Description = "where to write the logits (float32 [B, L, V])", HelpName = "OUT.safetensors", Required = true };
        var device = new DeviceOption();
        var command = new Command("logits", "Write the model's full logits for given inputs, to compare with a Python run of the same checkpoint.")
        {
            model, inputs, output, device,
        };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(inputs)!, parse.GetValue(output)!, device.Target(parse)));
        return command.WithExamples("asymvlm logits --model checkpoints/reference-vlm --inputs inputs.safetensors --out logits.safetensors");
    }

    public static int Run(string modelDir, string inputsPath, string outputPath, ComputeTarget target)
    {
        using var model = ModelLoader.Load(modelDir, target);
        using var inputs = LogitsInputs.Read(inputsPath, model.Config, target.DType, target.Device);
        using var noGrad = no_grad();
        using var logits = model.FullLogits(inputs.Ids, inputs.Pixels, inputs.ImageSizes).to(float32).cpu();
        SafeTensorsWriter.Save(outputPath, [new("logits", logits)]);
        Console.WriteLine($"logits [{string.Join(", ", logits.shape)}] -> {outputPath}");
        return 0;
    }
}
