using System.Text.Json.Serialization;
using StbImageWriteSharp;

namespace AsymVLM.Tests.RealWorld.Datasets;

/// <summary>Row shapes of the HF datasets Parquet files the reader targets, for Parquet.Net's serializer.</summary>
internal static class ParquetFixtureRows
{
    /// <summary>The HF datasets Image feature: struct {bytes: binary, path: string}.</summary>
    public sealed class HfImage
    {
        [JsonPropertyName("bytes")] public byte[]? Bytes { get; set; }
        [JsonPropertyName("path")] public string? Path { get; set; }
    }

    /// <summary>lmms-lab TextVQA / DocVQA: integer id, list of reference answers.</summary>
    public sealed class TextVqaRow
    {
        [JsonPropertyName("question_id")] public int QuestionId { get; set; }
        [JsonPropertyName("question")] public string Question { get; set; } = "";
        [JsonPropertyName("image")] public HfImage Image { get; set; } = new();
        [JsonPropertyName("answers")] public List<string> Answers { get; set; } = [];
    }

    /// <summary>HuggingFaceM4 ChartQA: query/label names, here with the image as plain binary.</summary>
    public sealed class ChartQaRow
    {
        [JsonPropertyName("query")] public string Query { get; set; } = "";
        [JsonPropertyName("label")] public List<string> Label { get; set; } = [];
        [JsonPropertyName("image")] public byte[] Image { get; set; } = [];
    }

    /// <summary>lmms-lab ChartQA: a single answer string.</summary>
    public sealed class SingleAnswerRow
    {
        [JsonPropertyName("question")] public string Question { get; set; } = "";
        [JsonPropertyName("answer")] public string Answer { get; set; } = "";
        [JsonPropertyName("image")] public HfImage Image { get; set; } = new();
    }

    public sealed class NoQuestionRow
    {
        [JsonPropertyName("prompt")] public string Prompt { get; set; } = "";
        [JsonPropertyName("answers")] public List<string> Answers { get; set; } = [];
        [JsonPropertyName("image")] public byte[] Image { get; set; } = [];
    }

    /// <summary>A 2x1 PNG whose first pixel's red channel is <paramref name="red"/>, to tell rows apart after decoding.</summary>
    public static byte[] Png(byte red)
    {
        using var stream = new MemoryStream();
        new ImageWriter().WritePng(new byte[] { red, 0, 0, 0, 0, 255 }, 2, 1, ColorComponents.RedGreenBlue, stream);
        return stream.ToArray();
    }
}
