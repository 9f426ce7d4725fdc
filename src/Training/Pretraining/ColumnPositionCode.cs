using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Adds an exact column code to a CLIP tower's learned position embeddings: every patch in grid column c gets
/// scale × (mean norm of the patch position embeddings) × u_c, the u_c orthonormal (a seeded QR). Measured on the
/// shipped model (README, "What charts lack"), the tower binds a form field's key along its row but never a bar's letter
/// up its column, and a bar-value question lands on a neighbouring bar: learned positions only tell columns apart
/// roughly, where bars stand two columns apart. With the code, "the same column" is one bilinear form an attention head
/// can learn. It changes weights only, so the model stays a plain HF LLaVA checkpoint.
/// </summary>
public static class ColumnPositionCode
{
    public const string WeightName = "vision_tower.vision_model.embeddings.position_embedding.weight";

    public static void Add(LlavaModel model, double scale, int seed)
    {
        var vision = model.Config.Vision;
        int grid = vision.GridSize, hidden = vision.HiddenSize;
        if (hidden < grid)
            throw new ArgumentException($"A column code needs at least as many vision dimensions ({hidden}) as grid columns ({grid}).");
        var weight = model.named_parameters().Single(p => p.name == WeightName).parameter; // [1 + N, D]: CLS first
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        var (codes, _) = linalg.qr(randn([hidden, grid], generator: generator));             // [D, grid], orthonormal columns
        var patches = weight.narrow(0, 1, grid * grid);
        var norm = patches.norm(1).mean();
        var columnOf = arange(grid * grid, ScalarType.Int64) % grid;
        patches.add_(codes.t().index_select(0, columnOf).to(weight.device) * norm * scale);
    }
}
