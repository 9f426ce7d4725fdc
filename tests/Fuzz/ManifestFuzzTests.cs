using System.Text.Json.Nodes;
using AsymVLM.Data.Benchmark;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// A benchmark manifest mutated (one row's field set to an edge value or removed, or the text damaged): a clear error
/// naming the manifest, or samples whose images all lie inside the manifest's folder.
/// </summary>
public class ManifestFuzzTests
{
    static readonly string[] SeedRows =
    [
        """{"id":"a","image":"images/a.png","question":"read line 1","answer":"ABC","family":"reading","task":"read_line","regions":[[0,8,128,8]]}""",
        """{"id":"b","image":"images/b.png","question":"read line 2","answer":"XY","family":"reading","task":"read_line","regions":[]}""",
        """{"id":"c","image":"./images/a.png","question":"read line 3","answer":"Q","family":"reading","task":"read_line","regions":[[1,2,3,4],[5,6,7,8]]}""",
    ];

    [Test]
    public void MutatedManifestsGiveAClearErrorOrSamplesInsideTheirFolder()
    {
        using var scratch = new FuzzScratch();
        var oracle = new ClearErrorOracle();
        for (int i = 0; i < FuzzCaseCounts.Manifest; i++)
        {
            var mutator = new Mutator(i);
            string dir = scratch.Folder($"case{i}");
            Directory.CreateDirectory(Path.Combine(dir, "images"));
            File.WriteAllBytes(Path.Combine(dir, "images", "a.png"), [0]);
            File.WriteAllBytes(Path.Combine(dir, "images", "b.png"), [0]);
            File.WriteAllBytes(Path.Combine(scratch.Path, "outside.png"), [0]);

            var rows = SeedRows.ToList();
            string what;
            if (mutator.Next(4) == 0)
            {
                string text = string.Join('\n', rows);
                what = mutator.MutateText(ref text);
                rows = [text];
            }
            else
            {
                int row = mutator.Next(rows.Count);
                var json = JsonNode.Parse(rows[row])!;
                // Paths are what a manifest can abuse; half the cases aim there.
                if (mutator.Next(2) == 0)
                {
                    string image = mutator.Pick(["../outside.png", "/etc/passwd", "images/../../outside.png", "images//a.png", "", " ", "images/./b.png", "images/a.png\0x"]);
                    json["image"] = image;
                    what = $"row {row + 1} image = '{image}'";
                }
                else
                {
                    what = $"row {row + 1} " + mutator.MutateJson(json);
                }
                rows[row] = json.ToJsonString();
            }
            string manifest = Path.Combine(dir, "manifest.jsonl");
            File.WriteAllText(manifest, string.Join('\n', rows) + "\n");
            oracle.Run($"case {i} ({what})", manifest, () =>
            {
                foreach (var sample in Manifest.Read(manifest))
                {
                    string image = Manifest.ImagePath(manifest, sample);
                    Assert.That(image, Does.StartWith(dir + Path.DirectorySeparatorChar), $"case {i}: image outside the manifest's folder");
                    Assert.That(File.Exists(image), Is.True, $"case {i}: image missing");
                }
            });
        }
        oracle.AssertAllClear(FuzzCaseCounts.Manifest);
    }
}
