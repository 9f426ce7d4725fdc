namespace AsymVLM.Training.Common;

/// <summary>
/// Writes a whole directory so that readers see either the old or the new version, never a half-written
/// one: fill a temporary sibling, then swap it in with renames. A kill between the two renames leaves the old
/// version under a sibling name; <see cref="Recover"/> puts it back, so a final name always holds a whole version.
/// </summary>
public static class AtomicDirectory
{
    public static void Write(string target, Action<string> fill)
    {
        target = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        Recover(target);
        var temp = Path.Combine(parent, $"{TempPrefix(target)}{Guid.NewGuid():N}");
        var old = Path.Combine(parent, $"{OldPrefix(target)}{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            if (Directory.Exists(target)) Directory.Move(target, old);
            Directory.Move(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    /// <summary>
    /// Finishes what a killed <see cref="Write"/> left: a missing target gets its previous version back, and the
    /// temporaries and superseded versions beside it are deleted (only those this class names).
    /// </summary>
    public static void Recover(string target)
    {
        target = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent)) return;
        var olds = Directory.GetDirectories(parent, OldPrefix(target) + "*");
        if (!Directory.Exists(target) && olds.Length > 0)
        {
            var newest = olds.OrderByDescending(Directory.GetLastWriteTimeUtc).First();
            Directory.Move(newest, target);
            olds = olds.Where(o => o != newest).ToArray();
        }
        foreach (var stale in olds.Concat(Directory.GetDirectories(parent, TempPrefix(target) + "*")))
            Directory.Delete(stale, recursive: true);
    }

    static string TempPrefix(string target) => $".{Path.GetFileName(target)}.tmp-";
    static string OldPrefix(string target) => $".{Path.GetFileName(target)}.old-";
}
