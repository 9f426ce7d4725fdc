using System.Text.RegularExpressions;

namespace AsymVLM.Data.Metrics;

/// <summary>
/// The VQA / EvalAI answer normalization (the official vqaEval.py steps as used by TextVQA's EvalAI evaluator and
/// LLaVA's m4c_evaluator): lowercase, drop ',' and '?', split "'s"; strip punctuation; drop periods not followed
/// by a digit; number words to digits; drop articles; restore contractions. Quirks of the original are kept on
/// purpose so scores stay comparable.
/// </summary>
public static partial class VqaAnswerNormalizer
{
    private static readonly Dictionary<string, string> NumberWords = new()
    {
        ["none"] = "0", ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4",
        ["five"] = "5", ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10",
    };

    private static readonly HashSet<string> Articles = ["a", "an", "the"];

    private static readonly string[] Punctuation =
        [";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+", "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!"];

    private static readonly Dictionary<string, string> Contractions = new()
    {
        ["aint"] = "ain't", ["arent"] = "aren't", ["cant"] = "can't", ["couldve"] = "could've", ["couldnt"] = "couldn't",
        ["couldn'tve"] = "couldn't've", ["couldnt've"] = "couldn't've", ["didnt"] = "didn't", ["doesnt"] = "doesn't",
        ["dont"] = "don't", ["hadnt"] = "hadn't", ["hadnt've"] = "hadn't've", ["hadn'tve"] = "hadn't've", ["hasnt"] = "hasn't",
        ["havent"] = "haven't", ["hed"] = "he'd", ["hed've"] = "he'd've", ["he'dve"] = "he'd've", ["hes"] = "he's",
        ["howd"] = "how'd", ["howll"] = "how'll", ["hows"] = "how's", ["Id've"] = "I'd've", ["I'dve"] = "I'd've",
        ["Im"] = "I'm", ["Ive"] = "I've", ["isnt"] = "isn't", ["itd"] = "it'd", ["itd've"] = "it'd've", ["it'dve"] = "it'd've",
        ["itll"] = "it'll", ["let's"] = "let's", ["maam"] = "ma'am", ["mightnt"] = "mightn't", ["mightnt've"] = "mightn't've",
        ["mightn'tve"] = "mightn't've", ["mightve"] = "might've", ["mustnt"] = "mustn't", ["mustve"] = "must've",
        ["neednt"] = "needn't", ["notve"] = "not've", ["oclock"] = "o'clock", ["oughtnt"] = "oughtn't",
        ["ow's'at"] = "'ow's'at", ["'ows'at"] = "'ow's'at", ["'ow'sat"] = "'ow's'at", ["shant"] = "shan't",
        ["shed've"] = "she'd've", ["she'dve"] = "she'd've", ["she's"] = "she's", ["shouldve"] = "should've",
        ["shouldnt"] = "shouldn't", ["shouldnt've"] = "shouldn't've", ["shouldn'tve"] = "shouldn't've",
        ["somebody'd"] = "somebodyd", ["somebodyd've"] = "somebody'd've", ["somebody'dve"] = "somebody'd've",
        ["somebodyll"] = "somebody'll", ["somebodys"] = "somebody's", ["someoned"] = "someone'd",
        ["someoned've"] = "someone'd've", ["someone'dve"] = "someone'd've", ["someonell"] = "someone'll",
        ["someones"] = "someone's", ["somethingd"] = "something'd", ["somethingd've"] = "something'd've",
        ["something'dve"] = "something'd've", ["somethingll"] = "something'll", ["thats"] = "that's",
        ["thered"] = "there'd", ["thered've"] = "there'd've", ["there'dve"] = "there'd've", ["therere"] = "there're",
        ["theres"] = "there's", ["theyd"] = "they'd", ["theyd've"] = "they'd've", ["they'dve"] = "they'd've",
        ["theyll"] = "they'll", ["theyre"] = "they're", ["theyve"] = "they've", ["twas"] = "'twas", ["wasnt"] = "wasn't",
        ["wed've"] = "we'd've", ["we'dve"] = "we'd've", ["weve"] = "we've", ["werent"] = "weren't", ["whatll"] = "what'll",
        ["whatre"] = "what're", ["whats"] = "what's", ["whatve"] = "what've", ["whens"] = "when's", ["whered"] = "where'd",
        ["wheres"] = "where's", ["whereve"] = "where've", ["whod"] = "who'd", ["whod've"] = "who'd've",
        ["who'dve"] = "who'd've", ["wholl"] = "who'll", ["whos"] = "who's", ["whove"] = "who've", ["whyll"] = "why'll",
        ["whyre"] = "why're", ["whys"] = "why's", ["wont"] = "won't", ["wouldve"] = "would've", ["wouldnt"] = "wouldn't",
        ["wouldnt've"] = "wouldn't've", ["wouldn'tve"] = "wouldn't've", ["yall"] = "y'all", ["yall'll"] = "y'all'll",
        ["y'allll"] = "y'all'll", ["yall'd've"] = "y'all'd've", ["y'alld've"] = "y'all'd've", ["y'all'dve"] = "y'all'd've",
        ["youd"] = "you'd", ["youd've"] = "you'd've", ["you'dve"] = "you'd've", ["youll"] = "you'll", ["youre"] = "you're",
        ["youve"] = "you've",
    };

    // "(?!<=\d)" is a typo for a lookbehind in the original, so in effect a period is dropped unless a digit follows.
    [GeneratedRegex(@"(?!<=\d)(\.)(?!\d)")]
    private static partial Regex PeriodStrip();

    [GeneratedRegex(@"(?<=\d)(\,)+(?=\d)")]
    private static partial Regex CommaStrip();

    public static string Normalize(string answer)
    {
        string text = answer.ToLowerInvariant().Replace(",", "").Replace("?", "").Replace("'s", " 's").Trim();
        text = text.Replace("\n", " ").Replace("\t", " ").Trim();
        return ProcessDigitsAndArticles(ProcessPunctuation(text));
    }

    private static string ProcessPunctuation(string input)
    {
        string output = input;
        bool digitComma = CommaStrip().IsMatch(input);
        foreach (string p in Punctuation)
        {
            // Punctuation next to a space is deleted, punctuation inside a word becomes a space ("t-shirt" -> "t shirt").
            bool delete = input.Contains(p + " ", StringComparison.Ordinal) || input.Contains(" " + p, StringComparison.Ordinal) || digitComma;
            output = output.Replace(p, delete ? "" : " ");
        }
        // The original passes re.UNICODE (32) where re.sub takes its count, so at most 32 periods go.
        return PeriodStrip().Replace(output, "", 32);
    }

    private static string ProcessDigitsAndArticles(string input)
    {
        IEnumerable<string> words = input.ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => NumberWords.GetValueOrDefault(word, word))
            .Where(word => !Articles.Contains(word))
            .Select(word => Contractions.GetValueOrDefault(word, word));
        return string.Join(' ', words);
    }
}
