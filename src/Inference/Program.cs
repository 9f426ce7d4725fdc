using AsymVLM.Inference.Cli;

// AsymVLM inference CLI:
//   logits --model DIR --inputs IN.safetensors --out OUT.safetensors   (parity harness)
try
{
    return args.FirstOrDefault() switch
    {
        "logits" => LogitsCommand.Run(args[1..]),
        _ => Usage(),
    };
}
catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: AsymVLM.Inference logits --model DIR --inputs IN.safetensors --out OUT.safetensors");
    return 2;
}
