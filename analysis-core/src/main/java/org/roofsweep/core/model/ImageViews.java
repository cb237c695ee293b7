package org.roofsweep.core.model;

/**
 * The views and tokens of one image under the tiling policies of InternVL (TILES), MiniCPM-V (SLICES) and Pixtral
 * (ROWS); each method mirrors the preprocessing code it names. Pure functions of the image size and the tower.
 */
final class ImageViews {
    private ImageViews() {
    }

    /**
     * InternVL's {@code dynamic_preprocess} (modeling/preprocessing of InternVL2.5): among the grids of i x j tiles
     * with 1 <= i j <= maxTiles (i columns), ordered by tile count, take the one whose aspect i/j is closest to W/H;
     * on a tie a larger grid wins if the image has more than half its pixels. A thumbnail of the whole image is
     * added when there is more than one tile. Each view is image_size pixels: (image_size/patch)^2 patches, of which
     * the pixel shuffle keeps 1 token per merge^2.
     */
    static ImagePlan tiles(VisionSpec v, int width, int height) {
        double aspect = (double) width / height;
        double area = (double) width * height;
        double side = v.imageSize();
        double bestDiff = Double.MAX_VALUE;
        int bestTiles = 1;
        int max = v.tokenPolicy().maxTiles();
        for (int n = 1; n <= max; n++) {
            for (int i = 1; i <= n; i++) {
                if (n % i != 0) {
                    continue;
                }
                int j = n / i;
                double diff = Math.abs(aspect - (double) i / j);
                if (diff < bestDiff) {
                    bestDiff = diff;
                    bestTiles = n;
                } else if (diff == bestDiff && area > 0.5 * side * side * n) {
                    bestTiles = n;
                }
            }
        }
        int views = bestTiles == 1 ? 1 : bestTiles + 1;
        return perPatchViews(v, views);
    }

    /**
     * MiniCPM-V's {@code get_sliced_grid}: multiple = min(ceil(W H / image_size^2), maxTiles); no slicing when it is
     * 1 or less; otherwise the grids [m, n] of multiple - 1, multiple and multiple + 1 slices (never 1, at most
     * maxTiles) whose log aspect log(m/n) is closest to log(W/H), first one on a tie. The whole image is one more
     * view. Every view is resized to about image_size^2 pixels ((image_size/patch)^2 patches) and the resampler
     * turns it into tokensPerView query tokens.
     */
    static ImagePlan slices(VisionSpec v, int width, int height) {
        TokenPolicy t = v.tokenPolicy();
        double ratio = (double) width * height / ((double) v.imageSize() * v.imageSize());
        int multiple = (int) Math.min(Math.ceil(ratio), t.maxTiles());
        int views = 1;
        if (multiple > 1) {
            double logRatio = Math.log((double) width / height);
            double bestError = Double.MAX_VALUE;
            int bestSlices = 0;
            for (int n = multiple - 1; n <= multiple + 1; n++) {
                if (n == 1 || n > t.maxTiles()) {
                    continue;
                }
                for (int m = 1; m <= n; m++) {
                    double error = n % m == 0 ? Math.abs(logRatio - Math.log((double) m / (n / m))) : Double.MAX_VALUE;
                    if (error < bestError) {
                        bestError = error;
                        bestSlices = n;
                    }
                }
            }
            views = 1 + bestSlices;
        }
        int side = v.imageSize() / v.patchSize();
        return new ImagePlan(views, side * side + (v.classToken() ? 1 : 0), views * t.tokensPerView());
    }

    /**
     * Pixtral (transformers' PixtralImageProcessor): an image whose longer side exceeds image_size is scaled down to
     * it, keeping the aspect; then ceil(H/patch) rows of ceil(W/patch) patches, each patch one LLM token, and one
     * [IMG_BREAK] token after each row (the last one is [IMG_END]).
     */
    static ImagePlan rows(VisionSpec v, int width, int height) {
        double scale = Math.max(1.0, Math.max((double) width, height) / v.imageSize());
        int w = (int) Math.ceil(width / scale);
        int h = (int) Math.ceil(height / scale);
        int p = v.patchSize();
        int cols = (w - 1) / p + 1;
        int rowCount = (h - 1) / p + 1;
        int patches = cols * rowCount;
        return new ImagePlan(1, patches, patches + rowCount);
    }

    /** Views of image_size pixels whose patches are merged merge x merge into LLM tokens. */
    private static ImagePlan perPatchViews(VisionSpec v, int views) {
        int side = v.imageSize() / v.patchSize();
        int merge = v.projector().merge();
        return new ImagePlan(views, side * side + (v.classToken() ? 1 : 0), views * (side * side / (merge * merge)));
    }
}
