using static TorchSharp.torch;

namespace AsymVLM.Tests;

public class TorchSharpLoadsTests
{
    [Test]
    public void NativeLibraryLoadsAndComputes()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = a.matmul(a);
        Assert.That(b.data<float>().ToArray(), Is.EqualTo(new float[] { 7, 10, 15, 22 }));
    }
}
