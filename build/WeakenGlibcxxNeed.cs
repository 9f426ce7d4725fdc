using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on the ELF version need "GLIBCXX_3.4.32" of the given shared libraries, when the
/// system libstdc++ does not provide that version. Idempotent: a 2-byte change, written in place.
/// </summary>
public class WeakenGlibcxxNeed : Task
{
    const string Version = "GLIBCXX_3.4.32";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        if (SystemHasVersion()) return true;
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                if (Weaken(path)) Log.LogMessage(MessageImportance.High, $"Marked {Version} weak in {path}");
            }
            catch (Exception e)
            {
                Log.LogWarning($"Could not patch {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    static bool SystemHasVersion()
    {
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu" })
        {
            var lib = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(lib))
                return Encoding.ASCII.GetString(File.ReadAllBytes(lib)).Contains(Version + "\0");
        }
        return false;
    }

    /// <summary>Returns true when a flag was changed.</summary>
    static bool Weaken(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[4] != 2)
            throw new InvalidDataException("not a 64-bit ELF file");
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        long Section(int i) => shoff + (long)i * shentsize;
        for (int s = 0; s < shnum; s++)
        {
            long sh = Section(s);
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(elf, (int)sh + 0x18);
            int strtab = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            long strOff = BitConverter.ToInt64(elf, (int)Section(strtab) + 0x18);
            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    if (ReadString(elf, strOff + BitConverter.ToUInt32(elf, (int)aux + 8)) == Version)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0) return false;
                        flags |= VerFlgWeak;
                        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
                        f.Position = aux + 4;
                        f.Write(BitConverter.GetBytes(flags), 0, 2);
                        return true;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return false;
    }

    static string ReadString(byte[] bytes, long start)
    {
        long end = start;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)start, (int)(end - start));
    }
}
