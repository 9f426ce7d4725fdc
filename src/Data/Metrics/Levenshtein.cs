namespace AsymVLM.Data.Metrics;

/// <summary>Edit distance (insert, delete, substitute, each cost 1) over UTF-16 characters.</summary>
public static class Levenshtein
{
    public static int Distance(string a, string b)
    {
        // One rolling row of the (|a| + 1) x (|b| + 1) DP table.
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(above + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
