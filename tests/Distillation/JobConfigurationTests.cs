using AsymVLM.Training.Configuration;
using AsymVLM.Training.Distillation;

namespace AsymVLM.Tests.Distillation;

public class JobConfigurationTests
{
    static string Write(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-config-").FullName, "train.json");
        File.WriteAllText(path, json);
        return path;
    }

    static string Valid(string training = "\"LearningRate\": 0.001", string teacherDir = "") => $$"""
        {
          "Job": "distill",
          "Teacher": { "ModelDir": "{{(teacherDir == "" ? Path.GetTempPath().Replace("\\", "/") : teacherDir)}}", "Layers": [1, 2] },
          "Data": { "Train": { "Dir": "runs/no-such-train", "Seed": 1, "Count": 10 }, "Val": { "Dir": "runs/no-such-val", "Seed": 2, "Count": 5 } },
          "Training": { {{training}} },
          "Output": { "RunDir": "runs/x", "ScorerDir": "runs/y" }
        }
        """;

    static DistillJobConfig Bind(string path, params string[] overrides) =>
        DistillJobConfig.Bind(path, JobConfiguration.Build(path, overrides));

    [Test]
    public void ValidConfigBindsAndCommandLineOverrides()
    {
        var path = Write(Valid());
        var job = Bind(path, "--Training:LearningRate=3e-4", "--Head:Width=16");
        Assert.That(job.Training.LearningRate, Is.EqualTo(3e-4));
        Assert.That(job.Head.Width, Is.EqualTo(16));
        Assert.That(job.Teacher.Layers, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(job.Resolved["Training"]!["LearningRate"]!.ToString(), Is.EqualTo("3e-4"));
    }

    [Test]
    public void UnknownKeyIsNamed()
    {
        var path = Write(Valid("\"LearningRat\": 0.001"));
        Assert.That(() => Bind(path), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("LearningRat"));
    }

    [Test]
    public void UnknownSectionIsNamed()
    {
        var path = Write(Valid());
        Assert.That(() => Bind(path, "--Trainig:Steps=3"), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Trainig"));
    }

    [Test]
    public void OutOfRangeValueIsNamed()
    {
        var path = Write(Valid("\"LearningRate\": 5"));
        Assert.That(() => Bind(path), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Training:LearningRate"));
    }

    [Test]
    public void MissingPathIsNamed()
    {
        var path = Write(Valid(teacherDir: "/definitely/not/here"));
        Assert.That(() => Bind(path), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Teacher:ModelDir"));
    }

    [Test]
    public void MissingDatasetWithoutGeneratorSettingsIsNamed()
    {
        var path = Write(Valid().Replace("\"Seed\": 2, \"Count\": 5", "\"Count\": 5"));
        Assert.That(() => Bind(path), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Data:Val"));
    }

    [Test]
    public void AScalarOverrideReplacesAnArrayWhole()
    {
        var path = Write(Valid());
        Assert.That(Bind(path, "--Teacher:Layers=4").Teacher.Layers, Is.EqualTo(new[] { 4 }));
        Assert.That(Bind(path, "--Teacher:Layers=3,5").Teacher.Layers, Is.EqualTo(new[] { 3, 5 }));
        Assert.That(Bind(path, "--Teacher:Layers:0=4").Teacher.Layers, Is.EqualTo(new[] { 4, 2 }), "one element");
    }

    [Test]
    public void AConfiguredArrayReplacesTheDefaultInsteadOfAppendingToIt()
    {
        var path = Write("""{ "Loss": { "CellLayers": [3] } }""");
        var options = JobConfiguration.Bind<AsymVLM.Training.Pretraining.ReferenceLossOptions>(JobConfiguration.Build(path, []), "Loss");
        Assert.That(options.CellLayers, Is.EqualTo(new[] { 3 }));
    }

    [TestCase("Training:Steps")]
    [TestCase("--Training:Steps")]
    [TestCase("--Training:Steps 5")]
    [TestCase("Training:Steps=5")]
    public void AnArgumentThatIsNoOverrideIsAnError(string arg)
    {
        var path = Write(Valid());
        Assert.That(() => JobConfiguration.Build(path, [arg]), Throws.InstanceOf<ConfigurationException>().With.Message.Contains(arg));
    }

    [TestCase("Output:ScorerDir", "TEACHER", "Teacher:ModelDir")]
    [TestCase("Output:ScorerDir", "runs/x", "Output:RunDir")]
    [TestCase("Output:ScorerDir", "runs/x/scorer", "Output:RunDir")]
    [TestCase("Output:ScorerDir", "runs", "Data:Train:Dir")]
    [TestCase("Output:RunDir", "TEACHER/run", "Teacher:ModelDir")]
    [TestCase("Output:ScorerDir", "runs/no-such-train", "Data:Train:Dir")]
    [TestCase("Output:RunDir", "runs/teacher-cache", "Teacher:CacheDir")]
    public void AnOutputThatOverlapsAnInputIsRefusedBeforeAnyWork(string key, string dir, string named)
    {
        var teacher = Directory.CreateTempSubdirectory("asymvlm-teacher-").FullName;
        var path = Write(Valid(teacherDir: teacher.Replace("\\", "/")));
        var job = Bind(path, $"--{key}={dir.Replace("TEACHER", teacher)}");
        Assert.That(() => job.RequireSafeOutputs(path), Throws.ArgumentException.With.Message.Contains(named).And.Message.Contains(key));
        Assert.That(Directory.Exists(teacher), Is.True);
    }

    [Test]
    public void AnExistingScorerDirIsReplacedOnlyWhenItHoldsAScorer()
    {
        var path = Write(Valid(teacherDir: Directory.CreateTempSubdirectory("asymvlm-teacher-").FullName));
        var foreign = Directory.CreateTempSubdirectory("asymvlm-foreign-").FullName;
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        var job = Bind(path, $"--Output:ScorerDir={foreign}");
        Assert.That(() => job.RequireSafeOutputs(path), Throws.ArgumentException.With.Message.Contains("scorer.json"));
        File.WriteAllText(Path.Combine(foreign, "scorer.json"), "{}");
        File.WriteAllText(Path.Combine(foreign, "scorer.safetensors"), "");
        Assert.That(() => job.RequireSafeOutputs(path), Throws.Nothing);
    }

    [Test]
    public void TeacherSignalSettingsBindAndTheLadderReplacesItsDefault()
    {
        var path = Write(Valid().Replace("\"Layers\": [1, 2]", "\"Layers\": [1, 2], \"Signal\": \"rollout\", \"BudgetTarget\": \"loss\", \"BudgetLadder\": [4, 8]"));
        var job = Bind(path, "--Teacher:LossTolerance=0.2");
        Assert.That(job.Teacher.Signal, Is.EqualTo(TeacherOptions.RolloutSignal));
        Assert.That(job.Teacher.BudgetTarget, Is.EqualTo(TeacherOptions.LossBudget));
        Assert.That(job.Teacher.LossTolerance, Is.EqualTo(0.2));
        Assert.That(job.Teacher.BudgetLadder, Is.EqualTo(new[] { 4, 8 }));
    }

    [TestCase("--Teacher:Signal=attn", "Teacher:Signal")]
    [TestCase("--Teacher:BudgetTarget=tokens", "Teacher:BudgetTarget")]
    [TestCase("--Teacher:LossTolerance=-1", "Teacher:LossTolerance")]
    public void BadTeacherSignalSettingsAreNamed(string setting, string key)
    {
        var path = Write(Valid());
        Assert.That(() => Bind(path, setting), Throws.InstanceOf<ConfigurationException>().With.Message.Contains(key));
    }

    [Test]
    public void DescendingLadderIsNamed()
    {
        var path = Write(Valid().Replace("\"Layers\": [1, 2]", "\"Layers\": [1, 2], \"BudgetLadder\": [16, 8]"));
        Assert.That(() => Bind(path), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Teacher:BudgetLadder"));
    }

    [Test]
    public void TheResolvedConfigRecordsTheSignalAndBudgetTargetEvenWhenLeftAtTheirDefaults()
    {
        var job = Bind(Write(Valid()));
        Assert.That(job.Resolved["Teacher"]!["Signal"]!.ToString(), Is.EqualTo(TeacherOptions.AttentionSignal));
        Assert.That(job.Resolved["Teacher"]!["BudgetTarget"]!.ToString(), Is.EqualTo(TeacherOptions.MassBudget));
        Assert.That(Bind(Write(Valid()), "--Teacher:Signal=gradient").Resolved["Teacher"]!["Signal"]!.ToString(), Is.EqualTo("gradient"));
    }

    [Test]
    public void AnExistingSplitOfAnotherCountIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("asymvlm-split-").FullName;
        File.WriteAllText(Path.Combine(dir, "manifest.jsonl"), "{}\n{}\n");
        var path = Write(Valid().Replace("runs/no-such-val", dir.Replace("\\", "/")));
        Assert.That(() => Bind(path), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Data:Val:Count").And.Message.Contains("holds 2"));
    }
}
