using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>Image + question in, answer out: encode image, build the prompt embeddings, prefill and decode.</summary>
public sealed class VlmPipeline(LlavaModel model, ITokenizer tokenizer, IPromptFormat format)
{
    public string Answer(Tensor pixels, string question, int maxNewTokens = 32) // pixels [3, H, W]
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var prompt = format.Build(question);
        var ids = tensor(prompt.Ids, device: pixels.device).unsqueeze(0);
        var image = model.EncodeImage(pixels.unsqueeze(0)).Tokens;
        var embeds = model.ScatterImageTokens(ids, model.EmbedTokens(ids), image);
        var positions = arange(prompt.Length, device: pixels.device).unsqueeze(0);
        using var cache = new KvCache(model.Decoder.LayerCount);
        var options = new GenerationOptions { MaxNewTokens = maxNewTokens, StopIds = new HashSet<int> { tokenizer.EosId } };
        var result = new TextGenerator(model).Generate(embeds, positions, options, cache);
        return tokenizer.Decode(result.Tokens);
    }
}
