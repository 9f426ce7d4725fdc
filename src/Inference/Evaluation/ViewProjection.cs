using AsymVLM.Data.Images;
using AsymVLM.Inference.Selection;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// Where a point of the original image (pixels, x right, y down) lands in one view's patch grid, in cells of the view:
/// each axis goes through the preprocessor and the packing as its pixels do (<see cref="ProjectionAxis"/>). Cell
/// (row, column) covers [row, row + 1) x [column, column + 1).
/// </summary>
public sealed record ViewProjection(VisionView View, ProjectionAxis Horizontal, ProjectionAxis Vertical)
{
    /// <summary>
    /// The composed scales are inexact in binary (0.8 / 8 is not 0.1): a coordinate this close to a cell edge is taken to
    /// be on it, so that a box edge on a cell edge does not spill into the next cell.
    /// </summary>
    const double EdgeTolerance = 1e-9;

    /// <summary>The cell rows [From, To) that image rows [<paramref name="y0"/>, <paramref name="y1"/>) overlap, clipped to the view.</summary>
    public (int From, int To) Rows(double y0, double y1) => Span(Vertical.Cell(y0), Vertical.Cell(y1), View.Rows);

    /// <summary>The cell columns [From, To) that image columns [<paramref name="x0"/>, <paramref name="x1"/>) overlap, clipped to the view.</summary>
    public (int From, int To) Columns(double x0, double x1) => Span(Horizontal.Cell(x0), Horizontal.Cell(x1), View.Columns);

    /// <summary>The cell under pixel (<paramref name="x"/>, <paramref name="y"/>)'s centre, or null where the view does not show it.</summary>
    public (int Row, int Column)? PatchAt(int x, int y)
    {
        double centreX = x + 0.5, centreY = y + 0.5;
        if (Horizontal.Unseen(centreX) || Vertical.Unseen(centreY)) return null;
        double row = Math.Floor(Vertical.Cell(centreY) + EdgeTolerance), column = Math.Floor(Horizontal.Cell(centreX) + EdgeTolerance);
        return row >= 0 && row < View.Rows && column >= 0 && column < View.Columns ? ((int)row, (int)column) : null;
    }

    static (int From, int To) Span(double from, double to, int cells) =>
        (Math.Max(0, (int)Math.Floor(from + EdgeTolerance)), Math.Min(cells, (int)Math.Ceiling(to - EdgeTolerance)));

    /// <summary>
    /// One view (LLaVA): the preprocessor's pad to square, resize and center crop, then grid x grid patches of
    /// <paramref name="patchSize"/> pixels from the input's corner.
    /// </summary>
    public static ViewProjection OneView(int width, int height, ClipImageProcessor processor, int grid, int patchSize)
    {
        var config = processor.Config;
        double padX = 0, padY = 0;
        if (processor.PadToSquare && width != height)
        {
            int side = Math.Max(width, height);
            (padX, padY) = ((side - width) / 2, (side - height) / 2);
            width = height = side;
        }
        var (resizedHeight, resizedWidth) = config.DoResize ? processor.ResizeTarget(height, width) : (height, width);
        double scaleX = (double)resizedWidth / width, scaleY = (double)resizedHeight / height;
        var (inputHeight, inputWidth) = config.DoCenterCrop ? (config.CropHeight, config.CropWidth) : (resizedHeight, resizedWidth);
        // HF's center crop starts at (size - crop) // 2, floor division.
        double cropX = Math.Floor((resizedWidth - inputWidth) / 2.0), cropY = Math.Floor((resizedHeight - inputHeight) / 2.0);
        return new ViewProjection(VisionLayout.Grid(grid, grid).Views[0],
            new ProjectionAxis(scaleX, padX * scaleX - cropX, inputWidth, patchSize, grid),
            new ProjectionAxis(scaleY, padY * scaleY - cropY, inputHeight, patchSize, grid));
    }

    /// <summary>
    /// An AnyRes image's views, as <see cref="VisionLayout.AnyRes"/> lists them. The base view is the whole image resized to
    /// the tile. The tile map is the image fitted into its pinpoint (<see cref="AnyResLayout.Fitted"/>), in its tiles'
    /// patches, less the patches unpadding cuts (<see cref="AnyResLayout.Unpadded"/>), scaled to <see cref="AnyResLayout.Packed"/>.
    /// Each tile-sized view passes the view preprocessor unchanged, as <see cref="AnyResImageProcessor"/> has it (resized to
    /// itself, not cropped).
    /// </summary>
    public static IReadOnlyList<ViewProjection> AnyRes(AnyResLayout layout, int patchSize)
    {
        var views = VisionLayout.AnyRes(layout).Views;
        int tile = layout.TileSize, grid = layout.Grid;
        var (fitTop, fitHeight, fitLeft, fitWidth) = layout.Fitted;
        var (unpadTop, unpadHeight, unpadLeft, unpadWidth) = layout.Unpadded;
        var (packedHeight, packedWidth) = layout.Packed;
        double packX = (double)packedWidth / unpadWidth, packY = (double)packedHeight / unpadHeight;
        return
        [
            new ViewProjection(views[0],
                new ProjectionAxis((double)tile / layout.ImageWidth, 0, tile, patchSize, grid),
                new ProjectionAxis((double)tile / layout.ImageHeight, 0, tile, patchSize, grid)),
            new ViewProjection(views[1],
                new ProjectionAxis((double)fitWidth / layout.ImageWidth, fitLeft, tile, patchSize, grid, packX, -unpadLeft * packX),
                new ProjectionAxis((double)fitHeight / layout.ImageHeight, fitTop, tile, patchSize, grid, packY, -unpadTop * packY)),
        ];
    }

    /// <summary>The views of an image of <paramref name="width"/> x <paramref name="height"/>: its AnyRes views with a layout, else the one view.</summary>
    public static IReadOnlyList<ViewProjection> Of(int width, int height, ClipImageProcessor processor, int grid, int patchSize, AnyResLayout? anyRes) =>
        anyRes is null ? [OneView(width, height, processor, grid, patchSize)] : AnyRes(anyRes, patchSize);
}
