namespace AsymVLM.Tests.Fuzz;

/// <summary>A temporary folder for one fuzz test's cases, removed afterwards.</summary>
public sealed class FuzzScratch : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("asymvlm-fuzz-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A fresh subfolder per case, so cases cannot see each other's files.</summary>
    public string Folder(string name) => Directory.CreateDirectory(File(name)).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
