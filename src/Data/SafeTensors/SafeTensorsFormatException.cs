namespace AsymVLM.Data.SafeTensors;

/// <summary>A malformed or untrusted safetensors file; the message names the file (and tensor).</summary>
public sealed class SafeTensorsFormatException(string message) : IOException(message);
