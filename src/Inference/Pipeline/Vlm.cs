using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Pipeline;

/// <summary>A loaded VLM: the model with its tokenizer, prompt format and image preprocessing, and the
/// content hash that scorers are tied to.</summary>
public sealed record Vlm(string Name, LlavaModel Model, ITokenizer Tokenizer, IPromptFormat Format, ImageInput Images, string Hash);
