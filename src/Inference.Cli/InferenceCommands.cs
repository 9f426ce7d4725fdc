using System.CommandLine;
using AsymVLM.CommandLine;

namespace AsymVLM.Inference.Cli;

/// <summary>The inference command line (<c>asymvlm</c>): every command and its options.</summary>
public static class InferenceCommands
{
    /// <summary>What Program runs.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null) =>
        CliApp.Run(Root(), args, output, error);

    public static RootCommand Root()
    {
        var root = new RootCommand("AsymVLM inference: answer, evaluate, benchmark and serve a LLaVA-architecture VLM with vision-token pruning and text KV eviction.")
        {
            AskCommand.Create(),
            EvalCommand.Create(),
            ServeCommand.Create(),
            LogitsCommand.Create(),
            BenchPrefillCommand.Create(),
            BenchRuntimeCommand.Create(),
            BenchDecodeCommand.Create(),
            BenchLoadCommand.Create(),
            BenchServeCommand.Create(),
        };
        CommandExamples.ShowInHelp(root);
        // From a clone: `dotnet run -c Release --project src/Inference.Cli -- COMMAND ...`.
        return root.WithExamples("asymvlm ask --help", "asymvlm serve --model checkpoints/reference-vlm --scorer checkpoints/reference-scorer");
    }
}
