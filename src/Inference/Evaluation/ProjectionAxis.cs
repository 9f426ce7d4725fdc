namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// One axis of a <see cref="ViewProjection"/>, in three steps. Image pixels to the tower's input pixels (<see cref="Scale"/>,
/// <see cref="Offset"/>: pad, resize, crop, the fit into the pinpoint). Input pixels to patches, tile by tile: each
/// <see cref="Tile"/> pixels from a tile's start hold <see cref="Patches"/> patches of <see cref="Patch"/> pixels, and what
/// lies past them no patch sees (the patch convolution's stride need not divide the tile: SigLIP so400m has 27 patches of 14
/// in 384). Patches to the view's cells (<see cref="CellScale"/>, <see cref="CellOffset"/>: unpadding, OneVision's
/// downscale, whose bilinear resize with align_corners False maps cell edges linearly).
/// </summary>
public sealed record ProjectionAxis(double Scale, double Offset, int Tile, int Patch, int Patches, double CellScale = 1, double CellOffset = 0)
{
    /// <summary>
    /// The cell coordinate of image coordinate <paramref name="v"/>: nondecreasing and continuous, a point past a tile's
    /// patches sitting on the next tile's first patch edge, so a span's cells are those from the floor of its start to the
    /// ceiling of its end.
    /// </summary>
    public double Cell(double v)
    {
        double input = v * Scale + Offset, tile = Math.Floor(input / Tile);
        double patches = tile * Patches + Math.Min((input - tile * Tile) / Patch, Patches);
        return patches * CellScale + CellOffset;
    }

    /// <summary>Whether image coordinate <paramref name="v"/> lies past its tile's patches, where no patch sees it.</summary>
    public bool Unseen(double v)
    {
        double input = v * Scale + Offset;
        return input - Math.Floor(input / Tile) * Tile >= (double)Patches * Patch;
    }
}
