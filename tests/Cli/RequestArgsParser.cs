using System.CommandLine;
using AsymVLM.Inference.Cli;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Cli;

/// <summary>Request options parsed as <c>ask</c> parses them; a parse error surfaces as the ArgumentException it reports.</summary>
public static class RequestArgsParser
{
    public static RequestOptions Parse(params string[] argv)
    {
        var args = new RequestArgs();
        var command = new Command("ask");
        args.AddTo(command);
        var parse = command.Parse(argv);
        if (parse.Errors.Count > 0) throw new ArgumentException(string.Join(" ", parse.Errors.Select(e => e.Message)));
        return args.Read(parse);
    }
}
