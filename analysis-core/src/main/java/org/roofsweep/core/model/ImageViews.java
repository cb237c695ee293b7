package org.roofsweep.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The views and tokens of one image as llama.cpp's mtmd preprocesses it (tools/mtmd/mtmd-image.cpp and clip.cpp at
 * ggml-org/llama.cpp 04f6fef): LLaVA-UHD slicing on pinpoint grids (LLaVA-1.6's anyres, InternVL's dynamic tiles),
 * MiniCPM-V's sliced grid, and the "smart resize" of the dynamic-resolution towers (Qwen2-VL/2.5-VL, Pixtral). Each
 * method mirrors the function it names, integer and float casts included. Pure functions of the image and tower.
 */
final class ImageViews {
    private ImageViews() {
    }

    /**
     * {@code mtmd_image_preprocessor_llava_uhd::get_slice_instructions} with pinpoints: an image no larger than
     * image_size on either side is one view (the overview, no tiles); a larger one is the overview plus the tiles of
     * the pinpoint grid {@link #bestGrid} picks. Each view is image_size pixels: (image_size/patch)^2 patches, of
     * which the projector keeps one token per merge^2 (LLaVA-1.6: 576 a view; InternVL's pixel shuffle: 256).
     */
    static ImagePlan pinpoints(VisionSpec v, List<int[]> grids, int width, int height) {
        int side = v.imageSize();
        boolean hasSlices = width > side || height > side;
        int views = hasSlices ? 1 + tiles(bestGrid(grids, side, width, height)) : 1;
        return perPatchViews(v, views);
    }

    /**
     * The pinpoint grids of InternVL in mtmd ({@code set_internvl_dhr_res_candidates} with preproc_min_tiles 1):
     * every a x b tiles (a columns) with a b at most maxTiles, a = 1..maxTiles, b = 1..maxTiles / a.
     */
    static List<int[]> internVlGrids(int maxTiles) {
        List<int[]> grids = new ArrayList<>();
        for (int a = 1; a <= maxTiles; a++) {
            for (int b = 1; b <= maxTiles / a; b++) {
                grids.add(new int[] {a, b});
            }
        }
        return List.copyOf(grids);
    }

    /**
     * {@code select_best_resolution} (LLaVA-NeXT's, as mtmd writes it): for each grid of side-pixel tiles, the
     * image scaled to fit it keeping its aspect (float scale, int truncation) keeps min(scaled area, original area)
     * pixels; the grid keeping the most wins, ties to the least padded area; the first on a full tie.
     */
    private static int[] bestGrid(List<int[]> grids, int side, int width, int height) {
        int[] best = grids.get(0);
        long bestEffective = 0;
        long leastWaste = Long.MAX_VALUE;
        for (int[] g : grids) {
            int w = g[0] * side;
            int h = g[1] * side;
            float scale = Math.min((float) w / width, (float) h / height);
            long effective = Math.min((long) (int) (width * scale) * (int) (height * scale), (long) width * height);
            long waste = (long) w * h - effective;
            if (effective > bestEffective || (effective == bestEffective && waste < leastWaste)) {
                bestEffective = effective;
                leastWaste = waste;
                best = g;
            }
        }
        return best;
    }

    private static int tiles(int[] grid) {
        return grid[0] * grid[1];
    }

    /**
     * MiniCPM-V in mtmd ({@code get_slice_instructions} without pinpoints, {@code get_best_grid}): an image no larger
     * than image_size on either side is the overview alone; otherwise multiple = min(ceil(W H / image_size^2),
     * maxTiles), and among the [m, n/m] grids of multiple - 1, multiple and multiple + 1 slices (never 1, at most
     * maxTiles; so 2 slices where multiple is 1) the one whose log aspect is closest to log(W/H), the first on a tie.
     * Overview and slices are each resized to about image_size^2 pixels ((image_size/patch)^2 patches) and become
     * tokensPerView resampler queries.
     */
    static ImagePlan slices(VisionSpec v, int width, int height) {
        TokenPolicy t = v.tokenPolicy();
        int side = v.imageSize();
        int views = 1;
        if (width > side || height > side) {
            float ratio = (float) width * height / (side * side);
            int multiple = (int) Math.min(Math.ceil(ratio), t.maxTiles());
            float logRatio = (float) Math.log((float) width / height);
            float minError = Float.POSITIVE_INFINITY;
            int bestSlices = 1;
            for (int n = multiple - 1; n <= multiple + 1; n++) {
                if (n == 1 || n > t.maxTiles()) {
                    continue;
                }
                for (int m = 1; m <= n; m++) {
                    if (n % m != 0) {
                        continue;
                    }
                    float error = (float) Math.abs(logRatio - Math.log(1.0 * m / (n / m)));
                    if (error < minError) {
                        minError = error;
                        bestSlices = n;
                    }
                }
            }
            views = 1 + bestSlices;
        }
        int patchSide = side / v.patchSize();
        return new ImagePlan(views, patchSide * patchSide + (v.classToken() ? 1 : 0), views * t.tokensPerView());
    }

    /**
     * Pixtral in mtmd ({@code mtmd_image_preprocessor_dyn_size}, limits 8..1024 tokens): the image smart-resized to
     * multiples of the 16 px patch within the policy's token bounds; then ny rows of nx patches, each patch one LLM
     * token, nx ny + ny - 1 embeddings with the [IMG_BREAK] rows (clip_n_output_tokens) and the [IMG_END] text token
     * after them: nx ny + ny tokens. A policy without bounds (max_tokens 0) scales the longer side to image_size
     * instead ({@code calc_size_preserved_ratio} by longest edge, ceil to the patch: mtmd of mid 2025).
     */
    static ImagePlan rows(VisionSpec v, int width, int height) {
        TokenPolicy t = v.tokenPolicy();
        int p = v.patchSize();
        int[] size = t.maxTokens() > 0
                ? smartResize(width, height, p, t.minTokens() * p * p, t.maxTokens() * p * p)
                : longestEdge(width, height, p, v.imageSize());
        int cols = size[0] / p;
        int rowCount = size[1] / p;
        int patches = cols * rowCount;
        return new ImagePlan(1, patches, patches + rowCount);
    }

    /**
     * Qwen2-VL/2.5-VL in mtmd: the image smart-resized to multiples of patch x merge (28 px) within the policy's
     * token bounds (mtmd: 8..4096 tokens), then (W/28)(H/28) LLM tokens over 4 patches each.
     */
    static ImagePlan dynamic(VisionSpec v, int width, int height) {
        TokenPolicy t = v.tokenPolicy();
        int unit = v.patchSize() * v.projector().merge();
        int area = unit * unit;
        int minPixels = Math.max(1, t.minTokens()) * area;
        int maxPixels = t.maxTokens() > 0 ? t.maxTokens() * area : Integer.MAX_VALUE;
        int[] size = smartResize(width, height, unit, minPixels, maxPixels);
        int llm = (size[0] / unit) * (size[1] / unit);
        int merge2 = v.projector().merge() * v.projector().merge();
        return new ImagePlan(1, llm * merge2 + (v.classToken() ? 1 : 0), llm);
    }

    /**
     * {@code img_tool::calc_size_preserved_ratio(size, align, min_pixels, max_pixels)} ("smart_resize"): each side
     * rounded to a multiple of align; if the area exceeds max_pixels both sides are divided by
     * beta = sqrt(W H / max) and floored to align; if it falls under min_pixels multiplied by sqrt(min / (W H)) and
     * ceiled. Returns {width, height}.
     */
    static int[] smartResize(int width, int height, int align, long minPixels, long maxPixels) {
        int h = Math.max(align, Math.round((float) height / align) * align);
        int w = Math.max(align, Math.round((float) width / align) * align);
        if ((long) h * w > maxPixels) {
            float beta = (float) Math.sqrt((float) ((long) height * width) / maxPixels);
            h = Math.max(align, (int) Math.floor(height / beta / align) * align);
            w = Math.max(align, (int) Math.floor(width / beta / align) * align);
        } else if ((long) h * w < minPixels) {
            float beta = (float) Math.sqrt((float) minPixels / ((long) height * width));
            h = (int) Math.ceil(height * beta / align) * align;
            w = (int) Math.ceil(width * beta / align) * align;
        }
        return new int[] {w, h};
    }

    /** {@code calc_size_preserved_ratio(size, align, longest_edge)}: scaled so the longer side is longest_edge. */
    private static int[] longestEdge(int width, int height, int align, int longestEdge) {
        float scale = Math.min((float) longestEdge / width, (float) longestEdge / height);
        int w = (int) Math.ceil(width * scale / align) * align;
        int h = (int) Math.ceil(height * scale / align) * align;
        return new int[] {w, h};
    }

    /** Views of image_size pixels whose patches are merged merge x merge into LLM tokens. */
    private static ImagePlan perPatchViews(VisionSpec v, int views) {
        int side = v.imageSize() / v.patchSize();
        int merge = v.projector().merge();
        return new ImagePlan(views, side * side + (v.classToken() ? 1 : 0), views * (side * side / (merge * merge)));
    }
}
