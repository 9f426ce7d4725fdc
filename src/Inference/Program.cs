using AsymVLM.Inference.Cli;

// AsymVLM inference CLI:
//   logits --model DIR --inputs IN.safetensors --out OUT.safetensors   (parity harness)
//   ask --model DIR [--scorer DIR] --image IMG --question "..." [--selector NAME] [--keep R | --keep-count N | --adaptive]
//       [--text-policy NAME] [--text-budget N] [--explain OUT.png]
//   serve --model DIR [--scorer DIR] [--port N] [--device auto|cpu|cuda]   (OpenAI-compatible HTTP server)
try
{
    return args.FirstOrDefault() switch
    {
        "logits" => LogitsCommand.Run(args[1..]),
        "ask" => AskCommand.Run(args[1..]),
        "bench-prefill" => BenchPrefillCommand.Run(args[1..]),
        "eval" => EvalCommand.Run(args[1..]),
        "bench-runtime" => BenchRuntimeCommand.Run(args[1..]),
        "bench-load" => BenchLoadCommand.Run(args[1..]),
        "serve" => ServeCommand.Run(args[1..]),
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
    Console.Error.WriteLine("""
        usage: AsymVLM.Inference COMMAND ...   (every command that loads a model takes --device auto|cpu|cuda; default auto)
          logits --model DIR --inputs IN.safetensors --out OUT.safetensors
          ask --model DIR [--scorer DIR] --image IMG --question "..." [--selector NAME] [--keep R | --keep-count N | --adaptive]
              [--text-policy NAME] [--text-budget N] [--max-new-tokens N]
          eval --model DIR [--scorer DIR] --data DATASET_DIR|FILE.parquet|FILE.json [--task T] [--images DIR]
               [--selectors a,b] [--keep 0.11,0.25,1] [--adaptive] [--text-policies a,b] [--text-budgets 0,8,12]
               [--limit N (per family)] [--families a,b] [--max-new-tokens 160] [--seed 0] [--bootstrap 1000] [--threads N] --out RESULTS
          bench-runtime [--model DIR] [--prefill-tokens 290] [--decode-steps 500] [--repeats 5] [--threads 2]
          bench-load --generate DIR [--size-gb 2] | bench-load --model DIR
          serve --model DIR [--scorer DIR] [--port 8000] [--device auto|cpu|cuda]
          bench-prefill --model DIR --scorer DIR --data DATASET [--selector learned] [--keep 0.5,0.25,0.11] [--samples 24] [--repeats 3]
        """);
    return 2;
}
