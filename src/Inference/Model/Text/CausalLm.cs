using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>HF's LlamaForCausalLM / Qwen2ForCausalLM: <c>model</c> + <c>lm_head</c> (optionally tied).</summary>
public sealed class CausalLm : nn.Module
{
    readonly DecoderModel model;
    readonly Linear lm_head;

    public CausalLm(TextConfig c) : base(nameof(CausalLm))
    {
        model = new DecoderModel(c);
        lm_head = nn.Linear(c.HiddenSize, c.VocabSize, hasBias: false);
        if (c.TieWordEmbeddings) lm_head.weight = model.EmbedTokens.weight;
        RegisterComponents();
    }

    public DecoderModel Model => model;

    /// <summary>Final norm + head; pass only the rows you need (e.g. the last position when decoding).</summary>
    public Tensor Logits(Tensor hidden) => lm_head.forward(model.Norm(hidden));
}
