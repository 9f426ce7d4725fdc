using AsymVLM.Data.Images;
using AsymVLM.Tests.RealWorld.Fixtures;

namespace AsymVLM.Tests.RealWorld.Images;

public class PreprocessorConfigTests
{
    [Test]
    public void ReadsALlavaHfConfig()
    {
        using var dir = new TempDirectory();
        dir.Write(PreprocessorConfig.FileName, """
            {
              "crop_size": {"height": 336, "width": 336}, "do_center_crop": true, "do_convert_rgb": true,
              "do_normalize": true, "do_rescale": true, "do_resize": true,
              "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_processor_type": "CLIPImageProcessor",
              "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3,
              "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 336}
            }
            """);

        PreprocessorConfig config = PreprocessorConfig.Load(dir.File(PreprocessorConfig.FileName));

        Assert.Multiple(() =>
        {
            Assert.That(config.ShortestEdge, Is.EqualTo(336));
            Assert.That((config.CropHeight, config.CropWidth), Is.EqualTo((336, 336)));
            Assert.That(config.Resample, Is.EqualTo(PilResampling.Bicubic));
            Assert.That(config.RescaleFactor, Is.EqualTo(1.0 / 255).Within(1e-15));
            Assert.That(config.ImageStd, Is.EqualTo(PreprocessorConfig.OpenAiClipStd));
        });
    }

    [Test]
    public void AbsentKeysTakeClipDefaultsAndIntSizesAreAccepted()
    {
        using var dir = new TempDirectory();
        dir.Write("a.json", "{\"size\": 384, \"crop_size\": 320, \"resample\": 2, \"image_mean\": [0.5, 0.5, 0.5]}");
        PreprocessorConfig config = PreprocessorConfig.Load(dir.File("a.json"));
        Assert.That((config.ShortestEdge, config.CropHeight, config.CropWidth), Is.EqualTo(((int?)384, 320, 320)));
        Assert.That(config.Resample, Is.EqualTo(PilResampling.Bilinear));
        Assert.That(config.ImageMean, Is.EqualTo(new[] { 0.5, 0.5, 0.5 }));
        Assert.That(config.ImageStd, Is.EqualTo(PreprocessorConfig.OpenAiClipStd));

        dir.Write("b.json", "{\"size\": {\"height\": 384, \"width\": 512}}");
        PreprocessorConfig fixedSize = PreprocessorConfig.Load(dir.File("b.json"));
        Assert.That((fixedSize.ShortestEdge, fixedSize.ResizeHeight, fixedSize.ResizeWidth), Is.EqualTo(((int?)null, (int?)384, (int?)512)));

        dir.Write("c.json", "{}");
        PreprocessorConfig defaults = PreprocessorConfig.Load(dir.File("c.json"));
        Assert.That((defaults.ShortestEdge, defaults.CropHeight, defaults.Resample, defaults.DoCenterCrop),
            Is.EqualTo(((int?)224, 224, PilResampling.Bicubic, true)));
    }

    [TestCase("{\"image_mean\": [0.5, 0.5]}", "image_mean")]
    [TestCase("{\"resample\": 0}", "resample")]
    [TestCase("{\"size\": {\"longest_edge\": 10}}", "size")]
    [TestCase("{\"do_resize\": \"yes\"}", "do_resize")]
    [TestCase("{\"crop_size\": -3}", "crop_size")]
    [TestCase("{\"crop_size\": {\"height\": 0, \"width\": 224}}", "crop_size.height")]
    [TestCase("{\"size\": {\"shortest_edge\": 0}}", "size.shortest_edge")]
    [TestCase("{\"image_std\": [0.5, -0.5, 0.5]}", "image_std")]
    [TestCase("{\"image_std\": [0.5, 0.5, 0.5, 0.5]}", "image_std")]
    [TestCase("{\"image_mean\": [0.5, 0.5, 0.5, 0.5]}", "image_mean")]
    [TestCase("{\"rescale_factor\": 0}", "rescale_factor")]
    [TestCase("{\"rescale_factor\": 1e300}", "rescale_factor")]
    [TestCase("{\"image_std\": [1e-300, 0.5, 0.5]}", "image_std")]
    [TestCase("{\"size\": {\"shortest_edge\": 100000}}", "size.shortest_edge")]
    public void BadValuesNameTheFileAndKey(string json, string key)
    {
        using var dir = new TempDirectory();
        dir.Write("bad.json", json);
        var e = Assert.Throws<InvalidDataException>(() => PreprocessorConfig.Load(dir.File("bad.json")));
        Assert.That(e!.Message, Does.Contain(dir.File("bad.json")).And.Contain(key));
    }
}
