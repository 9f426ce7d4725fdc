using AsymVLM.Training.Common;

namespace AsymVLM.Tests.Distillation;

public class AtomicDirectoryTests
{
    [Test]
    public void AKillBetweenTheTwoRenamesLeavesTheOldVersionToRecover()
    {
        string parent = Directory.CreateTempSubdirectory("asymvlm-atomic-").FullName, target = Path.Combine(parent, "latest");
        AtomicDirectory.Write(target, dir => File.WriteAllText(Path.Combine(dir, "v"), "1"));
        // What a kill after `target -> old` and before `temp -> target` leaves on disk.
        Directory.Move(target, Path.Combine(parent, ".latest.old-0123"));
        Directory.CreateDirectory(Path.Combine(parent, ".latest.tmp-4567"));

        AtomicDirectory.Recover(target);

        Assert.That(File.ReadAllText(Path.Combine(target, "v")), Is.EqualTo("1"));
        Assert.That(Directory.GetDirectories(parent), Is.EqualTo(new[] { target }), "temporaries are cleaned up");
    }

    [Test]
    public void AFailedFillKeepsThePreviousVersion()
    {
        string target = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-atomic-").FullName, "latest");
        AtomicDirectory.Write(target, dir => File.WriteAllText(Path.Combine(dir, "v"), "1"));
        Assert.That(() => AtomicDirectory.Write(target, _ => throw new IOException("disk full")), Throws.InstanceOf<IOException>());
        Assert.That(File.ReadAllText(Path.Combine(target, "v")), Is.EqualTo("1"));
        Assert.That(Directory.GetDirectories(Path.GetDirectoryName(target)!), Has.Length.EqualTo(1));
    }
}
