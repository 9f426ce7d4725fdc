using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Cli;

namespace AsymVLM.Tests.Cli;

public class DeviceOptionTests
{
    [Test]
    public void DeviceDefaultsToAutoAndCpuIsFloat32OnTheCpu()
    {
        Assert.That(new CliArgs([], ["--device"]).Target(), Is.EqualTo(ComputeTarget.Default));
        Assert.That(new CliArgs(["--device", "cpu"], ["--device"]).Target(), Is.EqualTo(ComputeTarget.Cpu));
    }

    [Test]
    public void AnUnknownDeviceIsAnErrorNamingTheOptionAndValue() =>
        Assert.That(() => new CliArgs(["--device", "gpu"], ["--device"]).Target(),
            Throws.ArgumentException.With.Message.Contains("--device").And.Message.Contains("'gpu'"));

    [Test]
    public void CudaWithoutACudaDeviceSaysSo()
    {
        Assume.That(TorchSharp.torch.cuda.is_available(), Is.False, "this machine has CUDA");
        Assert.That(() => new CliArgs(["--device", "cuda"], ["--device"]).Target(), Throws.ArgumentException.With.Message.Contains("no CUDA device"));
    }
}
