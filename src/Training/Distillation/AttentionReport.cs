using System.Text;
using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Is the teacher's attention a usable target? Per family, the share of question(+answer)→vision attention
/// mass that lands on the answer's region, against that region's share of the image (its patches / N),
/// for each decoder layer's attention alone and for the configured layer set and teacher signal.
/// </summary>
public static class AttentionReport
{
    public sealed record Row(string Layers, string Family, int Samples, double RegionMass, double RegionArea);

    public static List<Row> Measure(Vlm teacher, TeacherOptions options, string manifest, int limit)
    {
        var samples = Manifest.Read(manifest).Where(s => s.Regions.Count > 0).Take(limit).ToList();
        int layers = teacher.Model.Decoder.LayerCount;
        TeacherOptions OptionsFor(int[] set, string signal) => new()
        {
            ModelDir = options.ModelDir, Layers = set, Queries = options.Queries, MassThreshold = options.MassThreshold, Signal = signal,
        };
        // Each layer's direct attention alone, then the configured layers with the configured signal.
        var sets = Enumerable.Range(0, layers).Select(l => (Name: $"{l}", Options: OptionsFor([l], TeacherOptions.AttentionSignal)))
            .Append((Name: $"{string.Join(",", options.Layers)} ({options.Signal})", Options: OptionsFor(options.Layers, options.Signal))).ToList();
        var rows = new List<Row>();
        foreach (var (name, setOptions) in sets)
        {
            var signal = new TeacherSignal(teacher, setOptions);
            var perSample = new List<(string Family, double Mass, double Area)>();
            foreach (var batch in samples.Chunk(options.BatchSize))
            {
                using var scope = NewDisposeScope();
                var items = batch.Select((s, i) => new TeacherSignal.Item(i, teacher.Images.FromFile(Manifest.ImagePath(manifest, s)).SingleView("The attention report"), s.Question, s.Answer)).ToList();
                var targets = signal.Compute(items);
                for (int i = 0; i < batch.Length; i++)
                {
                    var patches = RegionPatches(batch[i].Regions, teacher.Model.Config.Vision);
                    var p = targets.Distribution[i].data<float>().ToArray();
                    perSample.Add((batch[i].Family, patches.Sum(j => (double)p[j]), (double)patches.Count / p.Length));
                }
            }
            foreach (var group in perSample.GroupBy(x => x.Family).OrderBy(g => g.Key).Append(perSample.GroupBy(_ => "overall").Single()))
                rows.Add(new Row(name, group.Key, group.Count(), group.Average(x => x.Mass), group.Average(x => x.Area)));
        }
        return rows;
    }

    /// <summary>Patches (row-major) whose cell overlaps any region box.</summary>
    public static HashSet<int> RegionPatches(IEnumerable<Box> regions, Inference.Model.VisionConfig vision)
    {
        int p = vision.PatchSize, g = vision.GridSize;
        var set = new HashSet<int>();
        foreach (var r in regions)
            for (int y = r.Y / p; y <= Math.Min(g - 1, (r.Y + r.Height - 1) / p); y++)
                for (int x = r.X / p; x <= Math.Min(g - 1, (r.X + r.Width - 1) / p); x++)
                    set.Add(y * g + x);
        return set;
    }

    public static string Markdown(IEnumerable<Row> rows)
    {
        var md = new StringBuilder("| layers | family | n | attention mass on answer region | region share of image | ratio |\n|---|---|---|---|---|---|\n");
        foreach (var r in rows)
            md.Append($"| {r.Layers} | {r.Family} | {r.Samples} | {r.RegionMass:P1} | {r.RegionArea:P1} | {r.RegionMass / r.RegionArea:F1}x |\n");
        return md.ToString();
    }
}
