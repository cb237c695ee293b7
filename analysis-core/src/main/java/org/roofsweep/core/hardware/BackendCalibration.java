package org.roofsweep.core.hardware;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * One runtime backend's efficiencies and where they come from: {@code fitted} to measurements of that backend,
 * {@code borrowed:<backend>} from another backend's fit, or {@code uncalibrated} (an assumption no measurement backs).
 * {@code earlierPath}, where not null, is the path quantized weights took in builds before {@code pathSince} (the
 * kernels of that generation; today's builds take the efficiency's own path). {@code decodeGenerations}, in the order
 * of their end dates, are the earlier generations of its decode kernels ({@link DecodeGeneration}): a build made
 * before one's end streams at that generation's figures; a build after the last, an undated row and every sweep
 * point run the efficiency's own (today's).
 */
public record BackendCalibration(Backend backend, Efficiency efficiency, String status,
        Efficiency.QuantizedPath earlierPath, LocalDate pathSince, List<DecodeGeneration> decodeGenerations)
        implements java.io.Serializable {
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
        decodeGenerations = decodeGenerations.stream().sorted(Comparator.comparing(DecodeGeneration::until)).toList();
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

    /** The same backend, generations and status with other efficiencies (a fit). */
    public BackendCalibration with(Efficiency fitted, String fittedStatus) {
        return new BackendCalibration(backend, fitted, fittedStatus, earlierPath, pathSince, decodeGenerations);
    }

    /**
     * This backend at ideal efficiency, its decode generations too: memory, compute and every matrix path at 1, no
     * launch cost; paths, dates and statuses kept (the baseline fits divide the measurements by).
     */
    public BackendCalibration ideal() {
        return new BackendCalibration(backend, new Efficiency(1, 1, 0, 1, efficiency.quantizedPath()), status,
                earlierPath, pathSince, decodeGenerations.stream().map(g -> g.with(1, 0, g.status())).toList());
    }

    /** The same backend with other figures for its earlier decode generations (a fit). */
    public BackendCalibration withGenerations(List<DecodeGeneration> fitted) {
        return new BackendCalibration(backend, efficiency, status, earlierPath, pathSince, fitted);
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
     * This backend as {@code build} runs it: the earlier path before {@code pathSince}, and the decode kernels of the
     * generation it ran (its status then the generation's).
     */
    public BackendCalibration builtOn(KernelBuild build) {
        DecodeGeneration g = decodeGeneration(build);
        boolean earlier = earlierPath != null && build.date().filter(d -> d.isBefore(pathSince)).isPresent();
        if (g == null && !earlier) {
            return this;
        }
        Efficiency e = earlier ? efficiency.withQuantizedPath(earlierPath) : efficiency;
        return g == null ? new BackendCalibration(backend, e, status)
                : new BackendCalibration(backend, e.withDecode(g.memory(), g.layerOverheadSeconds()), g.status());
    }

    /** Whether {@code status} is {@code fitted}, {@code uncalibrated} or {@code borrowed:<a backend's key>}. */
    public static boolean knownStatus(String status) {
        return status.equals(FITTED) || status.equals(UNCALIBRATED)
                || status.startsWith(BORROWED) && Backend.byKey(status.substring(BORROWED.length())).isPresent();
    }
}
