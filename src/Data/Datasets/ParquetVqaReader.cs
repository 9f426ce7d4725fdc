using System.Collections;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace AsymVLM.Data.Datasets;

/// <summary>
/// Reads visual-question rows from a Parquet file in the HF datasets layout, one row group at a time so a large
/// shard never sits in memory whole. Image bytes stay encoded until <see cref="ImageSource.Decode"/>.
/// </summary>
public static class ParquetVqaReader
{
    public static async IAsyncEnumerable<EvalItem> ReadAsync(string parquetPath, string task, ParquetColumnMapping? mapping = null)
    {
        mapping ??= new ParquetColumnMapping();
        if (!File.Exists(parquetPath))
            throw new FileNotFoundException($"Parquet file '{parquetPath}' does not exist.", parquetPath);

        Columns columns;
        int rowGroups;
        await using (ParquetReader reader = await OpenAsync(parquetPath))
        {
            columns = Columns.Resolve(reader.Schema, mapping, parquetPath);
            rowGroups = reader.RowGroupCount;
        }

        int row = 0;
        for (int group = 0; group < rowGroups; group++)
        {
            foreach (Dictionary<string, object> values in await ReadRowGroupAsync(parquetPath, group))
                yield return ToItem(values, columns, parquetPath, row++, task);
        }
    }

    private static async Task<ParquetReader> OpenAsync(string parquetPath)
    {
        try
        {
            return await ParquetReader.CreateAsync(parquetPath);
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException)
        {
            throw new InvalidDataException($"'{parquetPath}' is not a readable Parquet file: {e.Message}", e);
        }
    }

    private static async Task<IList<Dictionary<string, object>>> ReadRowGroupAsync(string parquetPath, int group)
    {
        try
        {
            await using FileStream stream = File.OpenRead(parquetPath);
            return (await ParquetSerializer.DeserializeUntypedAsync(stream, rowGroupIndex: group)).Data;
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException)
        {
            throw new InvalidDataException($"'{parquetPath}' row group {group} could not be read: {e.Message}", e);
        }
    }

    private static EvalItem ToItem(Dictionary<string, object> values, Columns columns, string path, int row, string task)
    {
        string where = $"'{path}' row {row}";
        string id = columns.Id is null ? $"{Path.GetFileName(path)}:{row}" : ScalarText(values, columns.Id, where);
        return new EvalItem(
            Id: id,
            Image: ReadImage(values.GetValueOrDefault(columns.Image), columns.Image, path, where),
            Question: ScalarText(values, columns.Question, where),
            Answers: ReadAnswers(values.GetValueOrDefault(columns.Answers), columns.Answers, where),
            Task: task);
    }

    /// <summary>HF Image feature: struct {bytes, path} with bytes set, or (rarely) only a path relative to the file.</summary>
    private static ImageSource ReadImage(object? value, string column, string parquetPath, string where)
    {
        string origin = $"{where} column \"{column}\"";
        if (AsBytes(value) is { Length: > 0 } bytes)
            return new EncodedImage(bytes, origin);
        if (value is Dictionary<string, object> image)
        {
            if (AsBytes(image.GetValueOrDefault("bytes")) is { Length: > 0 } encoded)
                return new EncodedImage(encoded, origin);
            if (AsText(image.GetValueOrDefault("path")) is { Length: > 0 } file)
                return new ImageFile(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(parquetPath))!, file));
        }
        throw new InvalidDataException(
            $"{where}: column \"{column}\" must be image bytes or a struct {{bytes, path}} with one of them set, found {Describe(value)}.");
    }

    /// <summary>Null means no references (test splits such as DocVQA's hide them; Parquet.Net also reads empty lists as null).</summary>
    private static IReadOnlyList<string> ReadAnswers(object? value, string column, string where)
    {
        if (value is null)
            return [];
        if (AsText(value) is string single)
            return [single];
        if (value is IEnumerable list and not byte[])
            return list.Cast<object?>()
                .Select(a => AsText(a) ?? throw new InvalidDataException($"{where}: column \"{column}\" must hold strings, found {Describe(a)}."))
                .ToList();
        throw new InvalidDataException($"{where}: column \"{column}\" must be a string or a list of strings, found {Describe(value)}.");
    }

    /// <summary>Question text, or an id that may be stored as text or as a number.</summary>
    private static string ScalarText(Dictionary<string, object> values, string column, string where)
    {
        object? value = values.GetValueOrDefault(column);
        return AsText(value) ?? value switch
        {
            int number => number.ToString(),
            long number => number.ToString(),
            _ => throw new InvalidDataException($"{where}: column \"{column}\" must be a string or integer, found {Describe(value)}."),
        };
    }

    // Parquet.Net's untyped rows box top-level strings and binaries as string / byte[], but values nested in lists
    // and structs keep their raw ReadOnlyMemory form.
    private static string? AsText(object? value) => value switch
    {
        string text => text,
        ReadOnlyMemory<char> chars => chars.ToString(),
        _ => null,
    };

    private static byte[]? AsBytes(object? value) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        _ => null,
    };

    private static string Describe(object? value) => value is null ? "null" : value.GetType().Name;

    /// <summary>The top-level column chosen for each role.</summary>
    private sealed record Columns(string Image, string Question, string Answers, string? Id)
    {
        public static Columns Resolve(ParquetSchema schema, ParquetColumnMapping mapping, string path)
        {
            HashSet<string> present = schema.Fields.Select(f => f.Name).ToHashSet();
            string Required(IReadOnlyList<string> candidates, string role) =>
                candidates.FirstOrDefault(present.Contains)
                ?? throw new InvalidDataException(
                    $"'{path}' has no {role} column: looked for {string.Join(", ", candidates.Select(c => $"\"{c}\""))}; " +
                    $"its columns are {string.Join(", ", present.Select(c => $"\"{c}\""))}.");
            return new Columns(
                Image: Required(mapping.Image, "image"),
                Question: Required(mapping.Question, "question"),
                Answers: Required(mapping.Answers, "answer"),
                Id: mapping.Id.FirstOrDefault(present.Contains));
        }
    }
}
