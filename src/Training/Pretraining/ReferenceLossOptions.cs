using AsymVLM.Data.Benchmark;
using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// The <c>Loss</c> section of a pretraining config: the answer loss, plus <c>CellWeight</c> × the cell-label loss
/// (mean over the decoder-layer inputs <c>CellLayers</c>), plus for the first <c>GroundingSteps</c> steps <c>GroundingWeight</c> × the grounding loss at <c>GroundingLayer</c>.
/// </summary>
public sealed class ReferenceLossOptions : IValidatedOptions
{
    /// <summary>Weight of <see cref="CellLabelLoss"/>; 0 trains on answers alone.</summary>
    public double CellWeight { get; set; } = 1.0;
    /// <summary>Decoder layers at whose input the image tokens are classified; 0 is the projector's output.</summary>
    public int[] CellLayers { get; set; } = [0];
    /// <summary>Weight of <see cref="GroundingLoss"/> while it is on; 0 never uses it.</summary>
    public double GroundingWeight { get; set; }
    public int GroundingSteps { get; set; }
    public int GroundingLayer { get; set; }
    /// <summary>
    /// Also count attention on the question's evidence (a bar's label and body, a form's key) as grounded: a chart's value
    /// can be read from its bar's label cell, which a question's letter finds, where its own cell carries no letter.
    /// </summary>
    public bool GroundingEvidence { get; set; }
    /// <summary>
    /// Weight of the answer loss read out right after <c>GroundingLayer</c> (final norm + LM head on that layer's
    /// output) while grounding is on; it asks the layer that looks at the answer's cells to carry what they show.
    /// </summary>
    public double ReadoutWeight { get; set; }

    /// <summary>Weight of <see cref="CellOwnerLoss"/> (which field, bar or line each image token belongs to); 0 does without it.</summary>
    public double OwnerWeight { get; set; }
    /// <summary>Decoder layers at whose input the owner probe reads the image tokens; 0 is the projector's output (the tower's binding).</summary>
    public int[] OwnerLayers { get; set; } = [0];
    /// <summary>Which kinds of part the owner probe learns (<see cref="CellOwners.Kinds"/>: field, bar, line).</summary>
    public string[] OwnerParts { get; set; } = [.. CellOwners.Kinds];

    /// <summary>Weight of <see cref="BarValueLoss"/> (every cell of a chart bar carries the bar's value); 0 does without it.</summary>
    public double ValueWeight { get; set; }
    /// <summary>Decoder layers at whose input the value probe reads the image tokens; 0 is the projector's output.</summary>
    public int[] ValueLayers { get; set; } = [0];
    /// <summary>
    /// Weight of the value probe again, over the bars' label letters alone (needs <c>ValueWeight</c> &gt; 0): the probe over
    /// every cell of a bar is met by the body, which carries the value at the tower's output, while the label, a tenth of
    /// the cells, does not (README, "What charts lack"). 0 does without it.
    /// </summary>
    public double LabelValueWeight { get; set; }

    /// <summary>
    /// Weight of the query probe: at the position that predicts a part-naming question's answer (a form's key, a bar's
    /// letter), the hidden state entering <c>QueryLayers</c> is classified as the part it names; 0 does without it.
    /// </summary>
    public double QueryWeight { get; set; }
    public int[] QueryLayers { get; set; } = [3];
    /// <summary>
    /// The query probe is the owner probe itself (needs <c>OwnerWeight</c> &gt; 0): a question's position and the cells of
    /// the part it names then carry that part in the same linear code, which one attention head can match.
    /// </summary>
    public bool QuerySharesOwnerProbe { get; set; }

    /// <summary>
    /// Weight of question grounding: at <c>QuestionGroundingLayer</c>, each question token that spells a glyph of the
    /// question's evidence (a bar's label letter, a form key's letters) is pushed onto the evidence cells showing that glyph,
    /// on steps without vision-token dropout; 0 does without it. The lookup is then made where it is a plain match of a
    /// token with its glyph, before any answer position needs it.
    /// </summary>
    public double QuestionGroundingWeight { get; set; }
    public int QuestionGroundingLayer { get; set; } = 1;

    /// <summary>
    /// Weight of the question's second hop: at <c>QuestionReadLayer</c> (after <c>QuestionGroundingLayer</c>), the same
    /// question tokens are pushed onto their question's answer cells (the named bar's value, the key's field value), on steps
    /// without vision-token dropout; 0 does without it. Having found its label, the letter token can then find the value in
    /// the label's column, and the answer position reads the value off it.
    /// </summary>
    public double QuestionReadWeight { get; set; }
    public int QuestionReadLayer { get; set; } = 2;

    /// <summary>
    /// Weight of the answer's recall of the question: at <c>QuestionRecallLayer</c>, the position predicting the answer's
    /// first token of a part-naming question is pushed onto the question tokens that spell the part (those question
    /// grounding pairs with their glyph), on steps without vision-token dropout; 0 does without it. With question grounding
    /// before it and answer grounding after it, every hop from the letter to the value is supervised.
    /// </summary>
    public double QuestionRecallWeight { get; set; }
    public int QuestionRecallLayer { get; set; } = 2;

    public void Validate(string section)
    {
        Require.InRange(QueryWeight, 0, 100, $"{section}:QueryWeight");
        Require.InRange(QuestionGroundingWeight, 0, 100, $"{section}:QuestionGroundingWeight");
        Require.InRange(QuestionGroundingLayer, 0, 1000, $"{section}:QuestionGroundingLayer");
        Require.InRange(QuestionReadWeight, 0, 100, $"{section}:QuestionReadWeight");
        Require.InRange(QuestionReadLayer, 0, 1000, $"{section}:QuestionReadLayer");
        Require.InRange(QuestionRecallWeight, 0, 100, $"{section}:QuestionRecallWeight");
        Require.InRange(QuestionRecallLayer, 0, 1000, $"{section}:QuestionRecallLayer");
        if (QuerySharesOwnerProbe && !(QueryWeight > 0 && OwnerWeight > 0))
            throw new ConfigurationException($"{section}:QuerySharesOwnerProbe needs {section}:QueryWeight and {section}:OwnerWeight above 0.");
        for (int i = 0; i < QueryLayers.Length; i++) Require.InRange(QueryLayers[i], 0, 1000, $"{section}:QueryLayers:{i}");
        Require.InRange(OwnerWeight, 0, 100, $"{section}:OwnerWeight");
        for (int i = 0; i < OwnerLayers.Length; i++) Require.InRange(OwnerLayers[i], 0, 1000, $"{section}:OwnerLayers:{i}");
        for (int i = 0; i < OwnerParts.Length; i++)
            if (!CellOwners.Kinds.Contains(OwnerParts[i]))
                throw new ConfigurationException($"{section}:OwnerParts:{i} is '{OwnerParts[i]}'; the parts are {string.Join(", ", CellOwners.Kinds)}.");
        Require.InRange(ValueWeight, 0, 100, $"{section}:ValueWeight");
        Require.InRange(LabelValueWeight, 0, 100, $"{section}:LabelValueWeight");
        if (LabelValueWeight > 0 && ValueWeight <= 0)
            throw new ConfigurationException($"{section}:LabelValueWeight needs {section}:ValueWeight above 0 (it trains the same probe).");
        for (int i = 0; i < ValueLayers.Length; i++) Require.InRange(ValueLayers[i], 0, 1000, $"{section}:ValueLayers:{i}");
        Require.InRange(CellWeight, 0, 100, $"{section}:CellWeight");
        Require.InRange(GroundingWeight, 0, 100, $"{section}:GroundingWeight");
        for (int i = 0; i < CellLayers.Length; i++) Require.InRange(CellLayers[i], 0, 1000, $"{section}:CellLayers:{i}");
        Require.InRange(ReadoutWeight, 0, 100, $"{section}:ReadoutWeight");
        Require.InRange(GroundingSteps, 0, int.MaxValue, $"{section}:GroundingSteps");
        Require.InRange(GroundingLayer, 0, 1000, $"{section}:GroundingLayer");
    }
}
