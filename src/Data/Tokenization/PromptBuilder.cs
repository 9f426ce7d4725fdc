namespace AsymVLM.Data.Tokenization;

/// <summary>
/// Builds the prompt ids of one question: optional BOS, the templated text encoded with the added tokens
/// recognised, and the single image-token id expanded to as many copies as the image contributes tokens
/// (the same expansion LLaVA's HF processor does on the text).
/// </summary>
public sealed class PromptBuilder
{
    private readonly ITokenizer _tokenizer;
    private readonly ChatTemplate _template;
    private readonly bool _addBos;

    public PromptBuilder(ITokenizer tokenizer, ChatTemplate template, bool addBos)
    {
        if (addBos && tokenizer.BosId < 0)
            throw new ArgumentException("addBos is set but the tokenizer defines no BOS token.", nameof(addBos));
        _tokenizer = tokenizer;
        _template = template;
        _addBos = addBos;
        ImageTokenId = tokenizer.TokenToId(ChatTemplate.ImagePlaceholder);
    }

    /// <summary>The template by tokenizer_class and the decoder (<see cref="ChatTemplate.ForModel"/>), BOS as <c>add_bos_token</c> says.</summary>
    /// <param name="decoderType">config.json's text_config.model_type</param>
    public static PromptBuilder ForModelDirectory(string modelDir, ITokenizer tokenizer, string decoderType)
    {
        TokenizerConfig config = TokenizerConfig.Load(modelDir);
        return new PromptBuilder(tokenizer, ChatTemplate.ForModel(config.TokenizerClass, decoderType), config.AddBosToken);
    }

    public int ImageTokenId { get; }

    public int[] BuildIds(string question, int imageTokenCount)
    {
        if (imageTokenCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(imageTokenCount), imageTokenCount, "An image contributes at least one token.");

        string text = _template.Render(question);
        IReadOnlyList<int> textIds = _tokenizer.Encode(text);
        int placeholders = textIds.Count(id => id == ImageTokenId);
        if (placeholders != 1)
            throw new InvalidOperationException(
                $"The prompt encoded to {placeholders} '{ChatTemplate.ImagePlaceholder}' ids (id {ImageTokenId}) instead of 1; " +
                $"the tokenizer must treat it as an added token. Prompt: \"{text}\".");

        var ids = new List<int>(textIds.Count + imageTokenCount);
        if (_addBos)
            ids.Add(_tokenizer.BosId);
        foreach (int id in textIds)
        {
            if (id == ImageTokenId)
                ids.AddRange(Enumerable.Repeat(ImageTokenId, imageTokenCount));
            else
                ids.Add(id);
        }
        return ids.ToArray();
    }
}
