namespace AsymVLM.Inference.Benchmarks;

/// <summary>This process's memory as Linux reports it in /proc/self/status (resident, and its peak).</summary>
public static class ProcessMemory
{
    public static long ResidentBytes() => Status("VmRSS:");
    public static long PeakResidentBytes() => Status("VmHWM:");

    static long Status(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024; // "VmRSS:  1234 kB"
        throw new PlatformNotSupportedException("/proc/self/status has no " + key);
    }
}
