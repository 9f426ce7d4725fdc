using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Checkpoints;

namespace AsymVLM.Tests.Cli;

public class DeviceOptionTests
{
    static ComputeTarget Target(params string[] argv)
    {
        var device = new DeviceOption();
        return device.Target(new Command("test") { device }.Parse(argv));
    }

    [Test]
    public void DeviceDefaultsToAutoAndCpuIsFloat32OnTheCpu()
    {
        Assert.That(Target(), Is.EqualTo(ComputeTarget.Default));
        Assert.That(Target("--device", "cpu"), Is.EqualTo(ComputeTarget.Cpu));
    }

    [Test]
    public void AnUnknownDeviceIsAnErrorNamingTheOptionAndValue() =>
        Assert.That(() => Target("--device", "gpu"), Throws.ArgumentException.With.Message.Contains("--device").And.Message.Contains("'gpu'"));

    [Test]
    public void CudaWithoutACudaDeviceSaysSo()
    {
        Assume.That(TorchSharp.torch.cuda.is_available(), Is.False, "this machine has CUDA");
        Assert.That(() => Target("--device", "cuda"), Throws.ArgumentException.With.Message.Contains("no CUDA device"));
    }
}
