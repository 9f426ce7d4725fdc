namespace AsymVLM.Training.Configuration;

/// <summary>A configuration error; the message names the key (and file) at fault.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
