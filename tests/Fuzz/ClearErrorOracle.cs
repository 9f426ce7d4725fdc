using System.Diagnostics;
using AsymVLM.Data.SafeTensors;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// Runs one fuzz case and judges it: the loader either succeeds (and the case's own check of the result passes) or
/// throws one of the error types the CLIs report (<see cref="InvalidDataException"/>, <see cref="ArgumentException"/>,
/// <see cref="SafeTensorsFormatException"/>) with a message naming the case's folder; and it stays within a memory
/// bound. A native abort needs no check: it would take the test host down with it.
/// </summary>
public sealed class ClearErrorOracle
{
    /// <summary>Far above what any case needs (the inputs are kilobytes), far below what an unchecked size allocates.</summary>
    public const long MemoryBoundBytes = 512L << 20;

    readonly List<string> failures = [];

    public int Cases { get; private set; }
    public int Errors { get; private set; }
    public int Successes { get; private set; }

    /// <param name="mention">What a clear error's message must contain: the path of the mutated file or its folder.</param>
    public void Run(string caseName, string mention, Action load) =>
        Run(caseName, load, e => e is InvalidDataException or ArgumentException or SafeTensorsFormatException, m => m.Contains(mention, StringComparison.Ordinal), $"'{mention}'");

    /// <param name="isClear">which exception types count as the loader's clear errors</param>
    /// <param name="names">whether a clear error's message names what is at fault (<paramref name="what"/> in the report)</param>
    public void Run(string caseName, Action load, Func<Exception, bool> isClear, Func<string, bool> names, string what)
    {
        Cases++;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
        try
        {
            load();
            Successes++;
        }
        catch (Exception e) when (isClear(e))
        {
            Errors++;
            if (!names(e.Message))
                failures.Add($"{caseName}: {e.GetType().Name} does not name {what}: {e.Message}");
        }
        catch (Exception e)
        {
            failures.Add($"{caseName}: {e.GetType().Name} is not a clear-error type: {e.Message}\n{e.StackTrace}");
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long workingSetGrowth = Process.GetCurrentProcess().WorkingSet64 - workingSetBefore;
        if (allocated > MemoryBoundBytes || workingSetGrowth > MemoryBoundBytes)
            failures.Add($"{caseName}: used {allocated >> 20} MiB managed, working set grew {workingSetGrowth >> 20} MiB (bound {MemoryBoundBytes >> 20} MiB)");
    }

    /// <summary>Fails the test with every bad case listed; also prints how the cases split between errors and results.</summary>
    public void AssertAllClear(int expectedCases)
    {
        TestContext.Out.WriteLine($"{expectedCases} cases: {Errors} clear errors, {Successes} loaded");
        Assert.That(Cases, Is.EqualTo(expectedCases));
        Assert.That(failures, Is.Empty, string.Join("\n\n", failures));
    }
}
