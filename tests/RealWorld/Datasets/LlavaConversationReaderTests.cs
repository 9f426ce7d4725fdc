using AsymVLM.Data.Datasets;
using AsymVLM.Tests.RealWorld.Fixtures;

namespace AsymVLM.Tests.RealWorld.Datasets;

public class LlavaConversationReaderTests
{
    [Test]
    public void ReadsFirstExchangeStripsThePlaceholderAndSkipsTextOnlyEntries()
    {
        using var dir = new TempDirectory();
        dir.Write("conv.json", """
            [
              {"id": "000001", "image": "coco/1.jpg", "conversations": [
                {"from": "human", "value": "<image>\nWhat is on the table?"},
                {"from": "gpt", "value": "A laptop."},
                {"from": "human", "value": "What colour is it?"},
                {"from": "gpt", "value": "Silver."}]},
              {"id": 7, "conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]},
              {"id": 8, "image": "ocr/2.png", "conversations": [
                {"from": "human", "value": "Read the sign.\n<image>"}, {"from": "gpt", "value": "STOP"}]}
            ]
            """);

        List<EvalItem> items = LlavaConversationReader.Read(dir.File("conv.json"), "/data/images", "llava");

        Assert.That(items, Has.Count.EqualTo(2));
        Assert.That((items[0].Id, items[0].Question, items[0].Task), Is.EqualTo(("000001", "What is on the table?", "llava")));
        Assert.That(items[0].Answers, Is.EqualTo(new[] { "A laptop." }));
        Assert.That(items[0].Image, Is.EqualTo(new ImageFile(Path.Combine("/data/images", "coco/1.jpg"))));
        Assert.That((items[1].Id, items[1].Question, items[1].Answers.Single()), Is.EqualTo(("8", "Read the sign.", "STOP")));
    }

    [TestCase("{\"id\": 1}", "JSON array")]
    [TestCase("[{\"id\": 1, \"image\": \"a.jpg\"}]", "entry 0")]
    [TestCase("[{\"id\": 1, \"image\": \"a.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": \"Q\"}]}]", "no human turn followed by a gpt turn")]
    [TestCase("[{\"id\": 1, \"image\": \"a.jpg\", \"conversations\": [{\"from\": \"human\"}]}]", "\"value\"")]
    [TestCase("[{\"image\": \"a.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": \"Q\"}, {\"from\": \"gpt\", \"value\": \"A\"}]}]", "\"id\"")]
    [TestCase("[1, 2", "not valid JSON")]
    public void MalformedFilesAreRejectedNamingFileAndProblem(string json, string problem)
    {
        using var dir = new TempDirectory();
        dir.Write("bad.json", json);
        var e = Assert.Throws<InvalidDataException>(() => LlavaConversationReader.Read(dir.File("bad.json"), dir.Path, "llava"));
        Assert.That(e!.Message, Does.Contain(dir.File("bad.json")).And.Contain(problem));
    }
}
