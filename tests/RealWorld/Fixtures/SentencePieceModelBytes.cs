using System.Text;

namespace AsymVLM.Tests.RealWorld.Fixtures;

/// <summary>
/// Writes a tiny Llama-like SentencePiece BPE <c>tokenizer.model</c> (protobuf ModelProto) by hand:
/// ids 0-2 &lt;unk&gt; &lt;s&gt; &lt;/s&gt;, 3-258 the byte pieces &lt;0x00&gt;..&lt;0xFF&gt;, then
/// <see cref="MergedPieces"/> from id 259 with scores -1, -2, ... (higher merges first) and
/// <see cref="SinglePieces"/> from id 268. reference/sentencepiece_fixture_ids.py builds the same bytes.
/// </summary>
internal static class SentencePieceModelBytes
{
    public const int FirstNormalId = 259;
    public static readonly string[] MergedPieces = ["ll", "▁h", "▁he", "▁hell", "▁hello", "▁w", "or", "▁wor", "ld"];
    public static readonly string[] SinglePieces = ["▁", "h", "e", "l", "o", "w", "r", "d"];
    public static int PieceCount => FirstNormalId + MergedPieces.Length + SinglePieces.Length;

    public static int IdOf(string piece)
    {
        int merged = Array.IndexOf(MergedPieces, piece);
        if (merged >= 0)
            return FirstNormalId + merged;
        int single = Array.IndexOf(SinglePieces, piece);
        return single >= 0 ? FirstNormalId + MergedPieces.Length + single : throw new ArgumentException(piece);
    }

    public static int ByteId(byte b) => 3 + b;

    private const int Normal = 1, Unknown = 2, Control = 3, Byte = 6;

    public static byte[] Build()
    {
        var model = new MemoryStream();
        WriteBytes(model, 1, Piece("<unk>", 0f, Unknown));
        WriteBytes(model, 1, Piece("<s>", 0f, Control));
        WriteBytes(model, 1, Piece("</s>", 0f, Control));
        for (int b = 0; b < 256; b++)
            WriteBytes(model, 1, Piece($"<0x{b:X2}>", 0f, Byte));
        for (int i = 0; i < MergedPieces.Length; i++)
            WriteBytes(model, 1, Piece(MergedPieces[i], -1f - i, Normal));
        for (int i = 0; i < SinglePieces.Length; i++)
            WriteBytes(model, 1, Piece(SinglePieces[i], -10f - i, Normal));

        var trainer = new MemoryStream();
        WriteVarintField(trainer, 3, 2);   // model_type = BPE
        WriteVarintField(trainer, 35, 1);  // byte_fallback = true
        WriteBytes(model, 2, trainer.ToArray());

        var normalizer = new MemoryStream();
        WriteBytes(normalizer, 1, Encoding.UTF8.GetBytes("identity"));
        WriteVarintField(normalizer, 3, 1); // add_dummy_prefix
        WriteVarintField(normalizer, 4, 0); // remove_extra_whitespaces off, as in Llama
        WriteVarintField(normalizer, 5, 1); // escape_whitespaces
        WriteBytes(model, 3, normalizer.ToArray());
        return model.ToArray();
    }

    private static byte[] Piece(string text, float score, int type)
    {
        var piece = new MemoryStream();
        WriteBytes(piece, 1, Encoding.UTF8.GetBytes(text));
        WriteVarint(piece, 2 << 3 | 5); // score: fixed32 float
        piece.Write(BitConverter.GetBytes(score));
        WriteVarintField(piece, 3, type);
        return piece.ToArray();
    }

    private static void WriteBytes(Stream s, int field, byte[] payload)
    {
        WriteVarint(s, (ulong)(field << 3 | 2));
        WriteVarint(s, (ulong)payload.Length);
        s.Write(payload);
    }

    private static void WriteVarintField(Stream s, int field, int value)
    {
        WriteVarint(s, (ulong)(field << 3));
        WriteVarint(s, (ulong)value);
    }

    private static void WriteVarint(Stream s, ulong value)
    {
        while (value >= 0x80)
        {
            s.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        s.WriteByte((byte)value);
    }
}
