using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Selection;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Distillation;

namespace AsymVLM.Tests.Distillation;

/// <summary>
/// A tiny AnyRes teacher (HF layout in a temp folder) with a synthetic split beside it. The split's 128 x 128 images fill
/// the 64 x 64 pinpoint: a 4 x 4 base view and an 8 x 8 tile map with 8 newlines (NeXT), or that map downscaled (OneVision).
/// </summary>
sealed class TinyAnyResTeacher : IDisposable
{
    /// <summary>The two AnyRes models the teacher tests run on: NeXT with CLIP, OneVision with SigLIP.</summary>
    public static readonly (string Type, string Tower)[] Models = [(LlavaConfig.LlavaNext, VisionConfig.Clip), (LlavaConfig.LlavaOnevision, VisionConfig.Siglip)];

    readonly TinyModelDirectory model;

    public TinyAnyResTeacher(string type, string tower, int samples = 4)
    {
        model = TinyAnyRes.Directory(tower, type);
        Vlm = VlmLoader.Load(model.Path, ComputeTarget.Cpu);
        Data = new DatasetOptions { Dir = System.IO.Path.Combine(Root, "split") };
        SyntheticBenchmark.WriteDataset(Data.Dir, datasetSeed: 7, count: samples);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("asymvlm-anyres-teacher-").FullName;
    public string ModelDir => model.Path;
    public Vlm Vlm { get; }
    public DatasetOptions Data { get; }

    /// <summary>The layout every image of the split gives.</summary>
    public VisionLayout Layout => VisionLayout.AnyRes(Vlm.Model.AnyResLayout(128, 128));

    public TeacherOptions Options(string signal, string budget = TeacherOptions.MassBudget) => new()
    {
        ModelDir = ModelDir, Layers = [1], Signal = signal, BudgetTarget = budget, BudgetLadder = [4, 16], BatchSize = 3,
        CacheDir = System.IO.Path.Combine(Root, "cache"),
    };

    public string ScorerDir => System.IO.Path.Combine(Root, "scorer");

    /// <summary>
    /// A train.json for a few distillation steps from this teacher (gradient signal, loss ladder) on the split, validated
    /// on <paramref name="valDir"/> (a 2-sample synthetic split is generated there if it has none); returns its path.
    /// </summary>
    public string TrainJson(string valDir)
    {
        string Json(string path) => path.Replace("\\", "/");
        string config = System.IO.Path.Combine(Root, "train.json");
        File.WriteAllText(config, $$"""
            {
              "Job": "distill",
              "Teacher": { "ModelDir": "{{Json(ModelDir)}}", "Layers": [1], "Signal": "gradient", "BudgetTarget": "loss",
                           "BudgetLadder": [4, 16], "BatchSize": 2, "Device": "cpu", "CacheDir": "{{Json(System.IO.Path.Combine(Root, "cache"))}}" },
              "Data": {
                "Train": { "Dir": "{{Json(Data.Dir)}}" },
                "Val": { "Dir": "{{Json(valDir)}}", "Seed": 12, "Count": 2 }
              },
              "Head": { "Width": 8, "RowKernel": 3 },
              "Loss": { "RankTop": 4 },
              "Training": { "Steps": 3, "BatchSize": 2, "WarmupSteps": 1, "LogEvery": 1, "EvalEvery": 3, "CheckpointEvery": 3, "Seed": 0 },
              "Output": { "RunDir": "{{Json(System.IO.Path.Combine(Root, "run"))}}", "ScorerDir": "{{Json(ScorerDir)}}" }
            }
            """);
        return config;
    }

    /// <summary>Sample <paramref name="index"/>'s views and layout, as the teacher pass reads them.</summary>
    public ImagePixels Image(int index) => Vlm.Images.FromFile(Manifest.ImagePath(Data.Manifest, Manifest.Read(Data.Manifest)[index]));

    public void Dispose()
    {
        Vlm.Model.Dispose();
        model.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
