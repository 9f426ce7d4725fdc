using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Training.Cli;

/// <summary><c>chart-errors</c>: whether an eval's wrong chart-value answers are another bar's value or no bar's value.</summary>
public static class ChartErrorsCommand
{
    public static Command Create()
    {
        var answers = new Option<string>("--answers") { Description = "an eval's answers.jsonl on a synthetic benchmark split", HelpName = "FILE", Required = true };
        var command = new Command("chart-errors", "Sorts an eval's chart-value answers: right, another bar's value (the wrong bar found), no bar's value (misread).")
        {
            answers,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(answers)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"Option --answers: '{path}' does not exist.", path);
            Console.WriteLine("| configuration | chart-value answers | right | another bar's value | no bar's value |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (configuration, c) in ChartValueErrors.FromAnswerLog(path))
                Console.WriteLine($"| {configuration} | {c.Total} | {c.Right} | {c.AnotherBar} | {c.NoBar} |");
            return 0;
        });
        return command.WithExamples("dotnet run --project src/Training -- chart-errors --answers results/reference-vlm-v8-deeper/v8-unpruned-91731/answers.jsonl");
    }
}
