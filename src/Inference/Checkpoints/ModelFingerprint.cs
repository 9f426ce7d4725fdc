using System.Security.Cryptography;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>
/// A content hash of a model directory (config.json and every *.safetensors file, by name and bytes),
/// so a scorer can name the exact teacher it was distilled from and refuse any other model.
/// </summary>
public static class ModelFingerprint
{
    public static string Compute(string modelDir)
    {
        var files = Directory.GetFiles(modelDir, "*.safetensors").Append(Path.Combine(modelDir, ModelDirectory.ConfigFile))
            .Where(File.Exists).OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count < 2) throw new FileNotFoundException($"{modelDir}: no config.json and *.safetensors to fingerprint.");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
            using var stream = File.OpenRead(file);
            int read;
            while ((read = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
