package org.roofsweep.core.hardware;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One runtime backend's efficiencies and where they come from: {@code fitted} to measurements of that backend,
 * {@code borrowed:<backend>} from another backend's fit, or {@code uncalibrated} (an assumption no measurement backs).
 * {@code earlierPath}, where not null, is the path quantized weights took in builds before {@code pathSince} (the
 * kernels of that generation; today's builds take the efficiency's own path). {@code decodeGenerations}, in the order
 * of their end dates, are the earlier generations of its decode kernels ({@link DecodeGeneration}): a build made
 * before one's end streams at that generation's figures; a build after the last, an undated row and every sweep
 * point run the efficiency's own (today's). {@code f16GemmStatus} is where its F16 matrix figure ({@code f16_gemm}, the
 * {@code compute} of {@link Efficiency}) comes from, the backend's own {@code status} unless that figure alone is
 * borrowed (calibration.json's {@code f16_gemm} whose source begins {@code borrowed from <backend>}, as ROCm's and
 * Vulkan's without F16 prompt rows): the prompts that run on it say so ({@link Calibration#status(Gpu, Precision,
 * double)}). {@code graphs} is how its decode steps run as captured graphs ({@link GraphCapture}; CUDA's since
 * PR #6766, {@link GraphCapture#NONE} for a backend that launches every kernel): a step it captures pays the graph's
 * launch cost per layer in place of the efficiency's {@code layerOverheadSeconds}.
 */
public record BackendCalibration(Backend backend, Efficiency efficiency, String status,
        Efficiency.QuantizedPath earlierPath, LocalDate pathSince, List<DecodeGeneration> decodeGenerations,
        String f16GemmStatus, GraphCapture graphs) implements java.io.Serializable {
    public static final String FITTED = "fitted";
    public static final String UNCALIBRATED = "uncalibrated";
    public static final String BORROWED = "borrowed:";

    public BackendCalibration {
        if (!knownStatus(status)) {
            throw new IllegalArgumentException("calibration status must be fitted, uncalibrated or borrowed:<backend>, "
                    + "found " + status);
        }
        if ((earlierPath == null) != (pathSince == null)) {
            throw new IllegalArgumentException("an earlier quantized path needs the date it ended, and only then");
        }
        if (!knownStatus(f16GemmStatus)) {
            throw new IllegalArgumentException("F16 GEMM calibration status must be fitted, uncalibrated or "
                    + "borrowed:<backend>, found " + f16GemmStatus);
        }
        decodeGenerations = decodeGenerations.stream().sorted(Comparator.comparing(DecodeGeneration::until)).toList();
        if (graphs == null) {
            throw new IllegalArgumentException("a backend's graph capture is GraphCapture.NONE, not null");
        }
    }

    /** A backend that launches every kernel of a decode step (no graph capture). */
    public BackendCalibration(Backend backend, Efficiency efficiency, String status,
            Efficiency.QuantizedPath earlierPath, LocalDate pathSince, List<DecodeGeneration> decodeGenerations,
            String f16GemmStatus) {
        this(backend, efficiency, status, earlierPath, pathSince, decodeGenerations, f16GemmStatus, GraphCapture.NONE);
    }

    /** A backend whose F16 matrix figure comes from where its other figures come from. */
    public BackendCalibration(Backend backend, Efficiency efficiency, String status,
            Efficiency.QuantizedPath earlierPath, LocalDate pathSince, List<DecodeGeneration> decodeGenerations) {
        this(backend, efficiency, status, earlierPath, pathSince, decodeGenerations, status);
    }

    /** A backend whose decode kernels have not changed over the builds measured. */
    public BackendCalibration(Backend backend, Efficiency efficiency, String status,
            Efficiency.QuantizedPath earlierPath, LocalDate pathSince) {
        this(backend, efficiency, status, earlierPath, pathSince, List.of());
    }

    /** A backend whose kernels have not changed path over the builds measured. */
    public BackendCalibration(Backend backend, Efficiency efficiency, String status) {
        this(backend, efficiency, status, null, null);
    }

    /**
     * The same backend and generations with other efficiencies and status (a fit); a separately borrowed F16 matrix
     * figure stays borrowed, one that shared the backend's status takes the new one.
     */
    public BackendCalibration with(Efficiency fitted, String fittedStatus) {
        return new BackendCalibration(backend, fitted, fittedStatus, earlierPath, pathSince, decodeGenerations,
                f16GemmStatus.equals(status) ? fittedStatus : f16GemmStatus, graphs);
    }

    /**
     * The same backend whose F16 matrix figure now has the backend's own status, after a fit of {@code f16_gemm} to the
     * backend's own rows; {@link CalibrationFile} reads the written figure back the same way, its source no longer
     * beginning "borrowed from".
     */
    public BackendCalibration withOwnF16Gemm() {
        return new BackendCalibration(backend, efficiency, status, earlierPath, pathSince, decodeGenerations, status,
                graphs);
    }

    /**
     * This backend at ideal efficiency, its decode generations too: memory, compute and every matrix path at 1, no
     * launch cost, a captured step's neither; paths, dates, gates and statuses kept (the baseline fits divide the
     * measurements by).
     */
    public BackendCalibration ideal() {
        return new BackendCalibration(backend, new Efficiency(1, 1, 0, 1, efficiency.quantizedPath()), status,
                earlierPath, pathSince, decodeGenerations.stream().map(g -> g.with(1, 0, g.status())).toList(),
                f16GemmStatus, graphs.with(0, graphs.status()));
    }

    /** The same backend with other figures for its earlier decode generations (a fit). */
    public BackendCalibration withGenerations(List<DecodeGeneration> fitted) {
        return new BackendCalibration(backend, efficiency, status, earlierPath, pathSince, fitted, f16GemmStatus,
                graphs);
    }

    /** The same backend with another graph capture (read from the file, or a fit of its launch figure). */
    public BackendCalibration withGraphs(GraphCapture fitted) {
        return new BackendCalibration(backend, efficiency, status, earlierPath, pathSince, decodeGenerations,
                f16GemmStatus, fitted);
    }

    /**
     * The launch cost per layer of one decode step of {@code tokensPerStep} tokens on {@code gpu} ({@code split}:
     * part of it on the host): the captured graph's where the backend captures it ({@link GraphCapture#captures}),
     * else the efficiency's, at the card's clock ({@link Efficiency#launchScale}).
     */
    public double stepLayerOverheadSeconds(Gpu gpu, int tokensPerStep, boolean split) {
        return (graphs.captures(gpu, tokensPerStep, split) ? graphs.layerOverheadSeconds()
                : efficiency.layerOverheadSeconds()) * efficiency.launchScale(gpu);
    }

    /**
     * The decode generation {@code build} ran: the first its source states it ran ({@link DecodeGeneration#statedBy}),
     * else the first whose end for the build's weight format is after its date
     * ({@link DecodeGeneration#until(String)}), or null (today's kernels, the efficiency's own figures; an undated
     * build among them).
     */
    public DecodeGeneration decodeGeneration(KernelBuild build) {
        return decodeGenerations.stream().filter(g -> g.statedBy(build)).findFirst()
                .orElseGet(() -> build.date().flatMap(d -> decodeGenerations.stream()
                        .filter(g -> d.isBefore(g.until(build.format()))).findFirst()).orElse(null));
    }

    /**
     * This backend as {@code build} runs it: the earlier path before {@code pathSince}, the decode kernels of the
     * generation it ran (its status then the generation's), and the graph capture it ran
     * ({@link GraphCapture#asRun}).
     */
    public BackendCalibration builtOn(KernelBuild build) {
        DecodeGeneration g = decodeGeneration(build);
        boolean earlier = earlierPath != null && build.date().filter(d -> d.isBefore(pathSince)).isPresent();
        GraphCapture captured = graphs.asRun(build);
        if (g == null && !earlier && captured.equals(graphs)) {
            return this;
        }
        Efficiency e = earlier ? efficiency.withQuantizedPath(earlierPath) : efficiency;
        return g == null ? new BackendCalibration(backend, e, status, null, null, List.of(), f16GemmStatus, captured)
                : new BackendCalibration(backend, e.withDecode(g.memory(), g.layerOverheadSeconds()), g.status(),
                        null, null, List.of(), f16GemmStatus, captured);
    }

    /**
     * The backend a figure's {@code source} says it is borrowed from: the key after a leading
     * {@code borrowed from }, where it is a backend's (the phrase by which calibration.json marks a figure taken from
     * another backend's fit, and by which a refit keeps it at the lender's value); empty otherwise.
     */
    public static Optional<String> lenderIn(String source) {
        Matcher m = BORROWED_FROM.matcher(source == null ? "" : source);
        return m.find() && Backend.byKey(m.group(1)).isPresent() ? Optional.of(m.group(1))
                : Optional.empty();
    }

    private static final Pattern BORROWED_FROM = Pattern.compile("^borrowed from ([a-z0-9_]+)\\b");

    /** Whether {@code status} is {@code fitted}, {@code uncalibrated} or {@code borrowed:<a backend's key>}. */
    public static boolean knownStatus(String status) {
        return status.equals(FITTED) || status.equals(UNCALIBRATED)
                || status.startsWith(BORROWED) && Backend.byKey(status.substring(BORROWED.length())).isPresent();
    }
}
