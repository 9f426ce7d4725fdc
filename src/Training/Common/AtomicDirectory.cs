namespace AsymVLM.Training.Common;

/// <summary>
/// Writes a whole directory so that readers see either the old or the new version, never a half-written
/// one: fill a temporary sibling, then swap it in with renames.
/// </summary>
public static class AtomicDirectory
{
    public static void Write(string target, Action<string> fill)
    {
        target = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        var old = Path.Combine(parent, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
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
}
