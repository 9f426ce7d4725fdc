using Microsoft.Win32.SafeHandles;

namespace AsymVLM.Data.SafeTensors;

/// <summary>Positional reads that either fill the whole span or report the file as truncated.</summary>
internal static class FileBytes
{
    public static void ReadExactly(SafeFileHandle file, Span<byte> destination, long fileOffset, string path, string? tensorName)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(file, destination, fileOffset);
            if (read == 0)
                throw new SafeTensorsFormatException(path,
                    $"file ends at byte {fileOffset} while {destination.Length} more bytes were expected", tensorName);
            destination = destination[read..];
            fileOffset += read;
        }
    }
}
