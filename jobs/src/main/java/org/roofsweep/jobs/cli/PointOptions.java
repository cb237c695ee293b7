package org.roofsweep.jobs.cli;

import org.roofsweep.core.Units;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.config.Suggest;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.ContextSize;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.systems.InferenceSystem;
import org.roofsweep.core.systems.Systems;
import picocli.CommandLine.Option;

/**
 * The request options of a point evaluated straight from the cost core, shared by {@code compare} and
 * {@code explain} as a picocli mixin: batch, prompt and generated tokens, weight format, KV bits, sparsity, image size,
 * the context the KV cache is reserved for, host memory and its bandwidth. Each command adds its own model, platform, system and image-count options (plural or singular);
 * the lookups of those keys in the catalog live here too, so that both commands name a bad key the same way.
 */
public final class PointOptions {
    @Option(names = "--batch", defaultValue = "1", description = "concurrent requests (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--prompt", defaultValue = "64", description = "text prompt tokens (default: ${DEFAULT-VALUE})")
    private int prompt;

    @Option(names = "--generate", defaultValue = "128", description = "generated tokens (default: ${DEFAULT-VALUE})")
    private int generate;

    @Option(names = "--weights", defaultValue = "f16",
            description = "weight format, e.g. f16, q4_0 (default: ${DEFAULT-VALUE})")
    private String weights;

    @Option(names = "--kv-bits", defaultValue = "16", description = "KV cache bits (default: ${DEFAULT-VALUE})")
    private int kvBits;

    @Option(names = "--sparsity", paramLabel = "S",
            description = "activation sparsity in [0, 1) (default: the model's published one)")
    private Double sparsity;

    @Option(names = "--resolution", defaultValue = "336x336", description = "image size WxH (default: "
            + "${DEFAULT-VALUE})")
    private String resolution;

    @Option(names = "--context-size", defaultValue = "runtime",
            description = "KV cells the whole batch reserves (n_ctx, shared by its sequences): a count, runtime (each "
                    + "runtime's default, or B x the request where more) or request (exactly B x the request's "
                    + "context) (default: ${DEFAULT-VALUE})")
    private String contextSize;

    @Option(names = "--kv-depth", defaultValue = "0", paramLabel = "TOKENS",
            description = "tokens already in each sequence's KV cache when the request starts: a chat's history, an "
                    + "agent's earlier turns (llama-bench -d) (default: ${DEFAULT-VALUE}, an empty cache)")
    private int kvDepth;

    @Option(names = "--host-memory-gib", defaultValue = "0",
            description = "host memory override in GiB (default: the platform's)")
    private double hostMemoryGib;

    @Option(names = "--host-bandwidth-gb-s", paramLabel = "GB/S",
            description = "host memory bandwidth override in GB/s, e.g. a STREAM-like measurement of the machine "
                    + "(default: the platform's effective figure)")
    private Double hostBandwidthGbS;

    /** The host memory override in GiB (0: the platform's). */
    double hostMemoryGib() {
        return hostMemoryGib;
    }

    /** One line naming the request: batch, prompt, generate, images, weights, KV bits, sparsity and any KV depth. */
    String describe(int images) {
        return "batch " + batch + ", prompt " + prompt + ", generate " + generate + ", " + images + " image(s) of "
                + resolution + ", weights " + weights + ", KV " + kvBits + "-bit, sparsity "
                + (sparsity == null ? "the model's" : sparsity)
                + (kvDepth > 0 ? ", on " + kvDepth + " cached tokens" : "");
    }

    static InferenceSystem system(String key) {
        return Systems.byName(key).orElseThrow(() -> new UserException(Suggest.unknown("system", key,
                Systems.names())));
    }

    static ModelSpec model(Catalogs c, String key) {
        return c.models().model(key).orElseThrow(() -> new UserException(
                Suggest.unknown("model", key, c.models().models().keySet())));
    }

    /**
     * The point of {@code m} on {@code p} with {@code images} images per request; a bad option fails with its name.
     * {@code images} above 0 needs a model with a vision tower.
     */
    Workload workload(Catalogs c, ModelSpec m, Platform p, int images) {
        double bits = c.quantization().bitsPerWeight(weights).orElseThrow(() -> new UserException(
                "--weights: unknown weight format \"" + weights + "\" (known: "
                        + c.quantization().bitsByName().keySet() + ")"));
        String[] wh = resolution.split("x");
        if (wh.length != 2 || !wh[0].matches("\\d{1,5}") || !wh[1].matches("\\d{1,5}")) {
            throw new UserException("--resolution: expected WIDTHxHEIGHT, e.g. 336x336, found \"" + resolution + "\"");
        }
        if (batch < 1 || prompt < 1 || generate < 1 || images < 0 || kvBits < 1) {
            throw new UserException("--batch, --prompt, --generate and --kv-bits must be at least 1, --images at "
                    + "least 0");
        }
        if (images > 0 && m.vision() == null) {
            throw new UserException("--images: " + m.key() + " has no vision tower");
        }
        if (kvDepth < 0) {
            throw new UserException("--kv-depth must be at least 0 tokens, found " + kvDepth);
        }
        if (sparsity != null && !(sparsity >= 0 && sparsity < 1)) {
            throw new UserException("--sparsity must be in [0, 1), found " + sparsity);
        }
        int context = ContextSize.parse(contextSize).orElseThrow(() -> new UserException(
                "--context-size: expected a whole number of tokens, runtime or request, found \"" + contextSize + "\""));
        if (hostBandwidthGbS != null && !Platform.isHostBandwidthGbS(hostBandwidthGbS)) {
            throw new UserException("--host-bandwidth-gb-s must be in " + Platform.HOST_BANDWIDTH_RANGE + ", found "
                    + hostBandwidthGbS);
        }
        Platform platform = hostBandwidthGbS == null ? p : p.withHostBandwidth(hostBandwidthGbS * Units.GIGA);
        return Workload.text(m, platform, batch, prompt, generate).toBuilder()
                .images(images, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]))
                .sparsity(sparsity == null ? Double.NaN : sparsity)
                .precision(new Precision(bits, 16, kvBits, weights))
                .contextSize(context)
                .kvDepthTokens(kvDepth)
                .build();
    }
}
