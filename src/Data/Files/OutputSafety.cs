namespace AsymVLM.Data.Files;

/// <summary>
/// Checks made before any work that no output can destroy an input: an output directory may not be, contain or lie
/// inside an input (or another output), and an existing directory is only replaced when it holds what this kind of
/// job writes there.
/// </summary>
public static class OutputSafety
{
    /// <summary>Throws naming both keys when the two directories overlap (one is, contains or lies inside the other).</summary>
    public static void RequireApart((string Key, string? Path) output, params (string Key, string? Path)[] others)
    {
        if (string.IsNullOrWhiteSpace(output.Path)) return;
        var mine = Normalize(output.Path);
        foreach (var (key, path) in others.Where(o => !string.IsNullOrWhiteSpace(o.Path)))
        {
            var theirs = Normalize(path!);
            string? relation = mine == theirs ? "is" : Inside(mine, theirs) ? "lies inside" : Inside(theirs, mine) ? "contains" : null;
            if (relation is not null)
                throw new ArgumentException($"{output.Key} ('{output.Path}') {relation} {key} ('{path}'): writing it would destroy that; choose another directory.");
        }
    }

    /// <summary>
    /// An existing, non-empty directory is replaced only when it holds every one of <paramref name="markers"/> (a
    /// previous output of this job); anything else the job did not create and will not delete.
    /// </summary>
    public static void RequireReplaceable(string key, string dir, params string[] markers)
    {
        if (!Directory.Exists(dir) || !Directory.EnumerateFileSystemEntries(dir).Any()) return;
        var missing = markers.Where(m => !File.Exists(Path.Combine(dir, m))).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{key}: '{dir}' exists and is not a previous output of this job (it lacks {string.Join(", ", missing)}); " +
                "it would be replaced whole, so choose an empty or new directory.");
    }

    static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    static bool Inside(string path, string dir) => path.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
