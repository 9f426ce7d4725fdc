namespace AsymVLM.Data.Prompting;

/// <summary>
/// A prompt as token ids with its parts located: the image placeholders [ImageStart, ImageStart+ImageCount)
/// and the question [QuestionStart, QuestionEnd). The importance head reads the question span; the
/// teacher's attention is taken from it.
/// </summary>
public sealed record PromptIds(long[] Ids, int ImageStart, int ImageCount, int QuestionStart, int QuestionEnd)
{
    public int Length => Ids.Length;
}
