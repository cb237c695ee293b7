package org.roofsweep.core.sweep;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.KernelBuild;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.model.Quantization;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.TokenAssumptions;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.ExecutionUnit;
import org.roofsweep.core.sparsity.NeuronActivation;
import org.roofsweep.core.systems.CpuOnly;
import org.roofsweep.core.systems.InferenceSystem;
import org.roofsweep.core.systems.Result;
import org.roofsweep.core.systems.Systems;

/**
 * A validated sweep: every axis resolved against the catalogs, and the grid over them. Pure and serializable, so the
 * Spark job ships it to executors once and each index decodes and evaluates independently.
 */
public final class SweepPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String configHash;
    private final SweepSettings settings;
    private final List<Platform> platforms;
    private final List<ModelSpec> models;
    // the number axes' values as primitive arrays: each point reads some twenty of them, unboxed
    private final double[] hostMemoryGib;
    private final List<String> systems;
    private final List<WeightFormat> weights;
    private final int[] kvBits;
    private final int[] activationBits;
    private final int[] batches;
    private final int[] prompts;
    private final int[] generated;
    private final double[] sparsity;
    private final int[] images;
    private final List<int[]> resolutions;
    private final int[] gpuLayers;
    private final int[] moeCpuLayers;
    private final boolean[] kvOffload;
    private final int[] contextSizes;
    private final ImageTokenAxes imageTokens;
    /** Host bandwidth overrides in GB/s; NaN: the platform's own figure. */
    private final double[] hostBandwidthGbS;
    /** Tokens already in each sequence's KV cache before the request. */
    private final int[] kvDepths;
    /**
     * The calibration each weight format's points are priced with: the catalog's, or as the sweep's
     * {@code build_date} ran it for that format ({@link Calibration#builtOn}); by weights axis position.
     */
    private final Calibration[] calibrations;
    private final Grid grid;
    /** Each system axis value as an index into {@link Systems#all()} (the systems themselves are not serializable). */
    private final int[] systemIndex;
    /** The activation law of each model at each sparsity value, built once: [model][sparsity]. */
    private final NeuronActivation[][] activations;
    /** The image tokens' law of each model at each image-sparsity value: [model][value], null for "model". */
    private final NeuronActivation[][] imageActivations;
    /**
     * The precision of each weight format, activation and KV width, built once: [weights][activation][kv]; null where
     * its widths are invalid (its points then fail as they are evaluated, with the record's message).
     */
    private final Precision[][][] precisions;
    /**
     * Each platform's GPU calibration status ({@link Calibration#status}) under each weight format's calibration, read
     * once: [platform][weights], null where it has none.
     */
    private final String[][] gpuStatus;

    SweepPlan(String name, String configHash, SweepSettings settings, List<Platform> platforms, List<ModelSpec> models,
            List<Double> hostMemoryGib, List<String> systems, List<WeightFormat> weights, List<Integer> kvBits,
            List<Integer> activationBits, List<Integer> batches, List<Integer> prompts, List<Integer> generated,
            List<Double> sparsity, List<Integer> images, List<int[]> resolutions, List<Integer> gpuLayers,
            List<Integer> moeCpuLayers, List<Boolean> kvOffload, List<Integer> contextSizes, ImageTokenAxes imageTokens,
            List<Double> hostBandwidthGbS, List<Integer> kvDepths, Calibration calibration, Optional<LocalDate> built) {
        this.name = name;
        this.configHash = configHash;
        this.settings = settings;
        this.platforms = List.copyOf(platforms);
        this.models = List.copyOf(models);
        this.hostMemoryGib = hostMemoryGib.stream().mapToDouble(Double::doubleValue).toArray();
        this.systems = List.copyOf(systems);
        this.weights = List.copyOf(weights);
        this.kvBits = kvBits.stream().mapToInt(Integer::intValue).toArray();
        this.activationBits = activationBits.stream().mapToInt(Integer::intValue).toArray();
        this.batches = batches.stream().mapToInt(Integer::intValue).toArray();
        this.prompts = prompts.stream().mapToInt(Integer::intValue).toArray();
        this.generated = generated.stream().mapToInt(Integer::intValue).toArray();
        this.sparsity = sparsity.stream().mapToDouble(Double::doubleValue).toArray();
        this.images = images.stream().mapToInt(Integer::intValue).toArray();
        this.resolutions = List.copyOf(resolutions);
        this.gpuLayers = gpuLayers.stream().mapToInt(Integer::intValue).toArray();
        this.moeCpuLayers = moeCpuLayers.stream().mapToInt(Integer::intValue).toArray();
        this.kvOffload = booleans(kvOffload);
        this.contextSizes = contextSizes.stream().mapToInt(Integer::intValue).toArray();
        this.imageTokens = imageTokens;
        this.hostBandwidthGbS = hostBandwidthGbS.stream().mapToDouble(Double::doubleValue).toArray();
        this.kvDepths = kvDepths.stream().mapToInt(Integer::intValue).toArray();
        this.calibrations = weights.stream().map(f -> built.map(d -> calibration.builtOn(new KernelBuild(
                Optional.of(d), Quantization.leadingFormat(f.label()), ""))).orElse(calibration))
                .toArray(Calibration[]::new);
        this.grid = new Grid(new int[] {platforms.size(), models.size(), hostMemoryGib.size(), systems.size(),
            weights.size(), kvBits.size(), activationBits.size(), batches.size(), prompts.size(), generated.size(),
            sparsity.size(), images.size(), resolutions.size(), gpuLayers.size(),
            moeCpuLayers.size(), kvOffload.size(), contextSizes.size(), imageTokens.imageSparsity().size(),
            imageTokens.tokenCorrelation().size(), imageTokens.imageTokenKeep().size(),
            imageTokens.pruneAfterLayer().size(), hostBandwidthGbS.size(), kvDepths.size()});
        this.systemIndex = systems.stream().mapToInt(s -> Systems.names().indexOf(s)).toArray();
        this.activations = new NeuronActivation[models.size()][sparsity.size()];
        for (int m = 0; m < models.size(); m++) {
            for (int s = 0; s < sparsity.size(); s++) {
                activations[m][s] = Workload.activationOf(models.get(m), sparsity.get(s));
            }
        }
        List<Double> imageSparsity = imageTokens.imageSparsity();
        this.imageActivations = new NeuronActivation[models.size()][imageSparsity.size()];
        for (int m = 0; m < models.size(); m++) {
            for (int s = 0; s < imageSparsity.size(); s++) {
                double v = imageSparsity.get(s);
                imageActivations[m][s] = Double.isNaN(v) ? null : Workload.activationOf(models.get(m), v);
            }
        }
        this.precisions = new Precision[weights.size()][activationBits.size()][kvBits.size()];
        for (int w = 0; w < weights.size(); w++) {
            for (int a = 0; a < activationBits.size(); a++) {
                for (int k = 0; k < kvBits.size(); k++) {
                    precisions[w][a][k] = precisionOrNull(weights.get(w), activationBits.get(a), kvBits.get(k));
                }
            }
        }
        this.gpuStatus = platforms.stream().map(p -> Arrays.stream(calibrations)
                .map(c -> statusOrNull(c, p)).toArray(String[]::new)).toArray(String[][]::new);
    }

    private static boolean[] booleans(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static Precision precisionOrNull(WeightFormat w, int activationBits, int kvBits) {
        try {
            return new Precision(w.bits(), activationBits, kvBits, w.label());
        } catch (IllegalArgumentException e) {
            return null; // the points of these widths fail at evaluation, where the sweep's other checks fail too
        }
    }

    /**
     * The status every point of {@code p}'s GPU under {@code c} has, or null where it varies from point to point (a
     * backend whose F16 matrix figure alone is borrowed: {@link Calibration#status(Gpu, Precision, double)}) or the
     * GPU's vendor has no backend.
     */
    private static String statusOrNull(Calibration c, Platform p) {
        try {
            return c.oneStatus(p.gpu()) ? c.status(p.gpu()) : null;
        } catch (RuntimeException e) {
            return null; // no backend for the GPU's vendor: its points fail at evaluation, as they did before
        }
    }

    public String name() {
        return name;
    }

    /** SHA-256 of the sweep file and every catalog file it read: what makes two runs comparable. */
    public String configHash() {
        return configHash;
    }

    public SweepSettings settings() {
        return settings;
    }

    public Grid grid() {
        return grid;
    }

    public long size() {
        return grid.size();
    }

    /** The calibration point {@code index} is priced with (its weight format's, {@link #calibrations}). */
    public Calibration calibration(long index) {
        int[] d = new int[grid.axes()];
        grid.decode(index, d);
        return calibrations[d[Axis.WEIGHT_BITS.ordinal()]];
    }

    public List<Platform> platforms() {
        return platforms;
    }

    public List<ModelSpec> models() {
        return models;
    }

    /** The input values of point {@code index}. */
    public SweepPoint point(long index) {
        int[] d = new int[grid.axes()];
        grid.decode(index, d);
        return point(index, d);
    }

    private SweepPoint point(long index, int[] d) {
        Platform p = platforms.get(d[Axis.PLATFORMS.ordinal()]);
        double host = hostMemoryGib[d[Axis.HOST_MEMORY_GIB.ordinal()]];
        WeightFormat w = weights.get(d[Axis.WEIGHT_BITS.ordinal()]);
        int[] res = resolutions.get(d[Axis.IMAGE_RESOLUTIONS.ordinal()]);
        ModelSpec m = models.get(d[Axis.MODELS.ordinal()]);
        double s = sparsity[d[Axis.SPARSITY.ordinal()]];
        double effective = Workload.effectiveSparsity(m, s);
        TokenAssumptions t = imageTokens.at(d);
        return new SweepPoint(index, p.key(), p.gpu().key(), p.cpu().key(),
                host > 0 ? host : p.hostMemoryBytes() / Units.GIB,
                m.key(), systems.get(d[Axis.SYSTEMS.ordinal()]), w.label(), w.bits(),
                kvBits[d[Axis.KV_BITS.ordinal()]], activationBits[d[Axis.ACTIVATION_BITS.ordinal()]],
                batches[d[Axis.BATCH_SIZES.ordinal()]], prompts[d[Axis.PROMPT_TOKENS.ordinal()]],
                generated[d[Axis.GENERATED_TOKENS.ordinal()]], s, effective,
                images[d[Axis.IMAGES.ordinal()]], res[0], res[1], gpuLayers[d[Axis.GPU_LAYERS.ordinal()]],
                moeCpuLayers[d[Axis.MOE_CPU_LAYERS.ordinal()]], kvOffload[d[Axis.KV_OFFLOAD.ordinal()]],
                t.imageSparsity(), t.imageSparsityGiven(effective), t.tokenCorrelation(), t.imageTokenKeep(),
                t.pruneAfterLayer(), kvDepths[d[Axis.KV_DEPTH.ordinal()]]);
    }

    /** The workload of a point: the objects the systems evaluate. */
    public Workload workload(long index) {
        int[] d = new int[grid.axes()];
        grid.decode(index, d);
        return workload(d);
    }

    private Workload workload(int[] d) {
        Platform p = platforms.get(d[Axis.PLATFORMS.ordinal()]);
        double host = hostMemoryGib[d[Axis.HOST_MEMORY_GIB.ordinal()]];
        if (host > 0) {
            p = p.withHostMemory(host * Units.GIB);
        }
        double bandwidth = hostBandwidthGbS[d[Axis.HOST_BANDWIDTH_GB_S.ordinal()]];
        if (!Double.isNaN(bandwidth)) {
            p = p.withHostBandwidth(bandwidth * Units.GIGA);
        }
        int[] res = resolutions.get(d[Axis.IMAGE_RESOLUTIONS.ordinal()]);
        Precision precision = precisions[d[Axis.WEIGHT_BITS.ordinal()]][d[Axis.ACTIVATION_BITS.ordinal()]]
                [d[Axis.KV_BITS.ordinal()]];
        if (precision == null) {
            WeightFormat format = weights.get(d[Axis.WEIGHT_BITS.ordinal()]);
            precision = new Precision(format.bits(), activationBits[d[Axis.ACTIVATION_BITS.ordinal()]],
                    kvBits[d[Axis.KV_BITS.ordinal()]], format.label());
        }
        return new Workload(models.get(d[Axis.MODELS.ordinal()]), p, batches[d[Axis.BATCH_SIZES.ordinal()]],
                prompts[d[Axis.PROMPT_TOKENS.ordinal()]], generated[d[Axis.GENERATED_TOKENS.ordinal()]],
                images[d[Axis.IMAGES.ordinal()]], res[0], res[1], sparsity[d[Axis.SPARSITY.ordinal()]],
                precision, gpuLayers[d[Axis.GPU_LAYERS.ordinal()]], settings.flashAttention(),
                activations[d[Axis.MODELS.ordinal()]][d[Axis.SPARSITY.ordinal()]],
                moeCpuLayers[d[Axis.MOE_CPU_LAYERS.ordinal()]], kvOffload[d[Axis.KV_OFFLOAD.ordinal()]],
                contextSizes[d[Axis.CONTEXT_SIZE.ordinal()]], imageTokens.at(d),
                imageActivations[d[Axis.MODELS.ordinal()]][d[Axis.IMAGE_SPARSITY.ordinal()]],
                kvDepths[d[Axis.KV_DEPTH.ordinal()]]);
    }

    public InferenceSystem system(long index) {
        int[] d = new int[grid.axes()];
        grid.decode(index, d);
        return systemAt(d[Axis.SYSTEMS.ordinal()]);
    }

    /** The system of an axis position, through indices into {@link Systems#all()} resolved once per plan. */
    private InferenceSystem systemAt(int axisIndex) {
        return Systems.all().get(systemIndex[axisIndex]);
    }

    /**
     * Evaluates point {@code index}, or returns null when the sweep's filters skip it (e.g. batch x context above
     * {@code max_batch_x_context}). Infeasible points are never skipped: they evaluate to rows with fits = false.
     */
    public Evaluation evaluate(long index) {
        int[] d = new int[grid.axes()];
        grid.decode(index, d);
        Workload w = workload(d);
        Calibration calibration = calibrations[d[Axis.WEIGHT_BITS.ordinal()]];
        if (skipped(w, calibration)) {
            return null;
        }
        InferenceSystem system = systemAt(d[Axis.SYSTEMS.ordinal()]);
        Result r = system.evaluate(w, calibration);
        String status = gpuStatus[d[Axis.PLATFORMS.ordinal()]][d[Axis.WEIGHT_BITS.ordinal()]];
        return new Evaluation(point(index, d), r, status != null ? status : pointStatus(system, w, calibration),
                visionStatus(system, w, calibration));
    }

    /**
     * Where the GPU efficiencies of a point whose GPU has no one status come from: its prompt's path decides, except
     * under {@code cpu-only}, whose prompt runs on the host CPU (the backend's own status).
     */
    private static String pointStatus(InferenceSystem system, Workload w, Calibration c) {
        if (system.name().equals(CpuOnly.NAME)) {
            return c.status(w.platform().gpu());
        }
        return c.status(w.platform().gpu(), w.precision(), ExecutionUnit.promptRows(w, c));
    }

    /**
     * Where the vision path of a point with images comes from: the host CPU's for {@code cpu-only}, else the GPU
     * backend's (the fork's CLIP path prices its GPU products on it too); null for text-only points.
     */
    private static String visionStatus(InferenceSystem system, Workload w, Calibration calibration) {
        if (w.images() == 0 || w.model().vision() == null) {
            return null;
        }
        return system.name().equals(CpuOnly.NAME) ? calibration.vision(Backend.CPU).status()
                : calibration.visionStatus(w.platform().gpu());
    }

    private boolean skipped(Workload w, Calibration calibration) {
        long bound = settings.maxBatchTimesContext();
        if (bound <= 0) {
            return false;
        }
        return (long) w.batch() * RequestShape.of(w, calibration).contextTokens() > bound;
    }
}
