using AsymVLM.Data.Images;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Regression;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

/// <summary>
/// LLaVA-OneVision (llava_onevision): its config, the anyres_max_N downscale of the tiles' map, and the prompt's
/// placeholder count agreeing with the tokens the model packs. Logits parity is in <see cref="HfParityTests"/>.
/// </summary>
public class OneVisionTests
{
    static string Fixture(string name) => Path.Combine(ShippedCheckpoints.RepositoryRoot(), "tests", "fixtures", "independent-" + name, "config.json");

    /// <summary>llava-hf/llava-onevision-qwen2-0.5b-ov-hf's config.json key set, as HF writes it (representative, from memory).</summary>
    const string RealConfig = """
    {
      "architectures": ["LlavaOnevisionForConditionalGeneration"],
      "ignore_index": -100,
      "image_grid_pinpoints": [[384, 384], [384, 768], [384, 1152], [384, 1536], [384, 1920], [384, 2304],
        [768, 384], [768, 768], [768, 1152], [768, 1536], [768, 1920], [768, 2304],
        [1152, 384], [1152, 768], [1152, 1152], [1152, 1536], [1152, 1920], [1152, 2304],
        [1536, 384], [1536, 768], [1536, 1152], [1536, 1536], [1536, 1920], [1536, 2304],
        [1920, 384], [1920, 768], [1920, 1152], [1920, 1536], [1920, 1920], [1920, 2304],
        [2304, 384], [2304, 768], [2304, 1152], [2304, 1536], [2304, 1920], [2304, 2304]],
      "image_token_index": 151646,
      "model_type": "llava_onevision",
      "projector_hidden_act": "gelu",
      "text_config": {
        "_name_or_path": "Qwen/Qwen2-0.5B-Instruct",
        "architectures": ["Qwen2ForCausalLM"],
        "bos_token_id": 151643,
        "eos_token_id": 151645,
        "hidden_size": 896,
        "intermediate_size": 4864,
        "max_position_embeddings": 32768,
        "max_window_layers": 24,
        "model_type": "qwen2",
        "num_attention_heads": 14,
        "num_hidden_layers": 24,
        "num_key_value_heads": 2,
        "rms_norm_eps": 1e-06,
        "rope_theta": 1000000.0,
        "sliding_window": 32768,
        "tie_word_embeddings": true,
        "torch_dtype": "bfloat16",
        "use_sliding_window": false,
        "vocab_size": 152000
      },
      "tie_word_embeddings": true,
      "torch_dtype": "float16",
      "transformers_version": "4.45.0.dev0",
      "use_image_newline_parameter": true,
      "video_token_index": 151647,
      "vision_aspect_ratio": "anyres_max_9",
      "vision_config": {
        "hidden_size": 1152,
        "image_size": 384,
        "intermediate_size": 4304,
        "model_type": "siglip_vision_model",
        "num_attention_heads": 16,
        "num_hidden_layers": 26,
        "patch_size": 14,
        "vision_use_head": false
      },
      "vision_feature_layer": -1,
      "vision_feature_select_strategy": "full"
    }
    """;

    static string Write(string json)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-onevision-").FullName, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    static void Delete(string configPath) => Directory.Delete(Path.GetDirectoryName(configPath)!, recursive: true);

    [Test]
    public void TheRealHalfBillionConfigLoadsAndValidates()
    {
        string path = Write(RealConfig);
        try
        {
            var config = LlavaConfig.Load(path);
            Assert.That((config.ModelType, config.IsAnyRes, config.MaxNumPatches, config.ImageGridPinpoints.Count),
                Is.EqualTo((LlavaConfig.LlavaOnevision, true, 9, 36)));
            // so400m/14 at 384: 27 x 27 patches, every one kept (SigLIP has no CLS).
            Assert.That((config.Vision.GridSize, config.ImageTokenCount, config.VisionFeatureLayers, config.Text.TieWordEmbeddings),
                Is.EqualTo((27, 729, new[] { -1 }, true)));
            Assert.That(config.ImageGridPinpoints, Is.EqualTo(LlavaConfig.DefaultOnevisionPinpoints));
        }
        finally { Delete(path); }
    }

    [Test]
    public void ASiglipTowerWhosePatchesDoNotDivideTheImageFloorsTheGridAsHfsConvDoes()
    {
        // 36 / 8 = 4.5, as 384 / 14 = 27.4 in so400m: the stride-8 conv sees 4 x 4 patches and skips the last 4 pixels.
        var tiny = LlavaConfig.Load(Fixture("llava-onevision-tiles"));
        var config = tiny with { Vision = tiny.Vision with { ImageSize = 36 }, ImageGridPinpoints = [(36, 72)] };
        config.Validate("config.json");
        using var model = new LlavaModel(config);
        using var noGrad = no_grad();
        Assert.That(model.EncodeImage(randn(1, 3, 36, 36)).Tokens.shape, Is.EqualTo(new long[] { 1, 16, config.Text.HiddenSize }));
    }

    [Test]
    public void AbsentKeysTakeLlavaOnevisionConfigsDefaults()
    {
        string json = RealConfig.Replace("\"image_token_index\": 151646,", "").Replace("\"vision_aspect_ratio\": \"anyres_max_9\",", "")
            .Replace("\"vision_feature_layer\": -1,", "").Replace(",\n  \"vision_feature_select_strategy\": \"full\"", "")
            .Replace("\"model_type\": \"qwen2\",", "").Replace("\"model_type\": \"siglip_vision_model\",", "");
        string path = Write(json);
        try
        {
            var config = LlavaConfig.Load(path);
            Assert.That((config.ImageTokenIndex, config.MaxNumPatches, config.VisionFeatureLayers[0], config.VisionFeatureSelectStrategy),
                Is.EqualTo((151646, 9, -1, "full")));
            // Sub-configs without model_type are SigLIP and Qwen2 (LlavaOnevisionConfig), not LlavaConfig's CLIP and Llama.
            Assert.That((config.Vision.ModelType, config.Text.ModelType), Is.EqualTo((VisionConfig.Siglip, "qwen2")));
        }
        finally { Delete(path); }
    }

    [TestCase("anyres_9")]
    [TestCase("anyres_max_0")]
    [TestCase("anyres_max_")]
    [TestCase("anyres_max_nine")]
    [TestCase("anyres")]
    public void ABadVisionAspectRatioIsRefusedNamingTheKeyAndValue(string value)
    {
        string path = Write(RealConfig.Replace("\"anyres_max_9\"", $"\"{value}\""));
        try
        {
            Assert.That(() => LlavaConfig.Load(path), Throws.InstanceOf<InvalidDataException>()
                .With.Message.Contains(path).And.Message.Contains("vision_aspect_ratio").And.Message.Contains($"'{value}'"));
        }
        finally { Delete(path); }
    }

    [Test]
    public void ASavedConfigLoadsBackTheSame()
    {
        var original = LlavaConfig.Load(Fixture("llava-onevision-downscale"));
        string path = Write("{}");
        try
        {
            original.Save(path);
            var loaded = LlavaConfig.Load(path);
            Assert.That((loaded.ModelType, loaded.MaxNumPatches, loaded.ImageGridPinpoints), Is.EqualTo((original.ModelType, 2, original.ImageGridPinpoints)));
        }
        finally { Delete(path); }
    }

    // Expected counts from tests/reference/independent/llava_onevision.py (num_image_tokens) on the real geometry:
    // 384-pixel tiles, 27 x 27 patches, the 36 default pinpoints, anyres_max_9.
    [TestCase(480, 640, 2929)]     // 2 x 2 tiles, 40 x 54 unpadded, under the limit
    [TestCase(1080, 1920, 7269)]   // 3 x 5 tiles, 75 x 135 downscaled to 60 x 108
    [TestCase(2000, 600, 8667)]    // 6 x 2 tiles, 162 x 48: ratio 1.089, just under 1.1, kept
    [TestCase(4000, 3000, 7332)]   // 6 x 5 tiles, 162 x 121 downscaled to 93 x 70
    [TestCase(10, 10, 1485)]       // one tile
    public void TheRealGeometrysPlaceholderCountIsHfs(int height, int width, int tokens)
    {
        var layout = AnyResLayout.For(height, width, LlavaConfig.DefaultOnevisionPinpoints, 384, 27, maxNumPatches: 9);
        Assert.That(layout.ImageTokens(27 * 27), Is.EqualTo(tokens));
    }

    // On the tiny fixtures' geometry (32-pixel tiles, 4 x 4 patches): sizes with and without the downscale
    // (anyres_max_2 shrinks any map over 1.1^2 * 32 patches), wide, tall, tiny and huge.
    [TestCase("llava-onevision-downscale", 50, 75)]
    [TestCase("llava-onevision-downscale", 130, 30)]
    [TestCase("llava-onevision-downscale", 60, 64)]
    [TestCase("llava-onevision-downscale", 5, 7)]
    [TestCase("llava-onevision-downscale", 3000, 4000)]
    [TestCase("llava-onevision-tiles", 50, 75)]
    [TestCase("llava-onevision-tiles", 40, 90)]
    [TestCase("llava-onevision-single", 12, 30)]
    [TestCase("llava-onevision-single", 64, 33)]
    public void ThePlaceholderCountIsTheNumberOfTokensTheModelPacks(string fixture, int height, int width)
    {
        var config = LlavaConfig.Load(Fixture(fixture));
        using var model = new LlavaModel(config);
        using var noGrad = no_grad();
        var layout = model.AnyResLayout(height, width);
        var views = randn(layout.Views, 3, config.Vision.ImageSize, config.Vision.ImageSize);
        Assert.That(model.EncodeAnyRes(views, layout).shape[1], Is.EqualTo(layout.ImageTokens(config.ImageTokenCount)));
    }

    [Test]
    public void TheDownscaleTriggersOnlyPastElevenTenthsOfTheLimit()
    {
        // anyres_max_2 on 4 x 4 patches: the limit is 32 patches; 6 x 8 = 48 (ratio 1.22) shrinks to 4 x 6.
        var over = AnyResLayout.For(50, 75, [(64, 64)], 32, 4, maxNumPatches: 2);
        Assert.That((over.Unpadded.Height, over.Unpadded.Width, over.Packed), Is.EqualTo((6, 8, (4, 6))));
        // 4 x 8 = 32 patches (ratio 1.0) and NeXT (no limit) keep the map.
        Assert.That(AnyResLayout.For(32, 64, [(32, 64)], 32, 4, maxNumPatches: 2).Packed, Is.EqualTo((4, 8)));
        Assert.That(AnyResLayout.For(50, 75, [(64, 64)], 32, 4).Packed, Is.EqualTo((6, 8)));
    }

    /// <summary>
    /// LlavaOnevisionImageProcessor is NeXT's AnyRes processor with SigLIP normalisation: the fixture's
    /// preprocessor_config.json drives it, and its views become exactly the placeholder count of tokens. A 32 x 32 image
    /// needs no resampling (best pinpoint 32 x 64, centred with 16 zero columns each side), so its pixels are exact.
    /// </summary>
    [Test]
    public void TheImageProcessorsViewsAreSiglipNormalisedAndBecomeThePlaceholderCount()
    {
        string dir = Path.GetDirectoryName(Fixture("llava-onevision-tiles"))!;
        var config = LlavaConfig.Load(Path.Combine(dir, "config.json"));
        var preprocessor = PreprocessorConfig.Load(Path.Combine(dir, PreprocessorConfig.FileName));
        var processor = new AnyResImageProcessor(new ClipImageProcessor(preprocessor), config.ImageGridPinpoints, config.Vision.ImageSize, config.Vision.GridSize);
        var image = new RgbImage(32, 32, Enumerable.Range(0, 32 * 32 * 3).Select(i => (byte)(i * 13 % 256)).ToArray());
        var (views, layout) = processor.Preprocess(image);
        Assert.That((views.Count, layout.BestHeight, layout.BestWidth), Is.EqualTo((3, 32, 64)));
        // Base view: the image itself, (x / 255 - 0.5) / 0.5; the left tile's first column is padding: -1.
        float Normalised(int x, int y, int c) => (float)((image[x, y, c] / 255.0 - 0.5) / 0.5);
        Assert.That(views[0].Data[(1 * 32 + 5) * 32 + 7], Is.EqualTo(Normalised(7, 5, 1)).Within(1e-6));
        Assert.That(views[1].Data[0], Is.EqualTo(-1f).Within(1e-6));
        Assert.That(views[1].Data[(0 * 32 + 3) * 32 + 16], Is.EqualTo(Normalised(0, 3, 0)).Within(1e-6));

        using var model = new LlavaModel(config);
        using var noGrad = no_grad();
        var tokens = model.EncodeAnyRes(stack(views.Select(v => v.ToTensor()).ToArray()), model.AnyResLayout(32, 32));
        Assert.That(tokens.shape[1], Is.EqualTo(layout.ImageTokens(config.ImageTokenCount)));
    }

    [Test]
    public void AnOnevisionPreprocessorConfigWithoutSizeKeysResizesTo384WithoutACrop()
    {
        string path = Write("""{ "image_processor_type": "LlavaOnevisionImageProcessor" }""");
        try
        {
            var config = PreprocessorConfig.Load(path);
            Assert.That((config.ResizeHeight, config.ResizeWidth, config.ShortestEdge, config.DoCenterCrop), Is.EqualTo(((int?)384, (int?)384, (int?)null, false)));
        }
        finally { Delete(path); }
    }
}
