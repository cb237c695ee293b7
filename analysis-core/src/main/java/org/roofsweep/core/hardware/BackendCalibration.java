package org.roofsweep.core.hardware;

import java.time.LocalDate;

/**
 * One runtime backend's efficiencies and where they come from: {@code fitted} to measurements of that backend,
 * {@code borrowed:<backend>} from another backend's fit, or {@code uncalibrated} (an assumption no measurement backs).
 * {@code earlierPath}, where not null, is the path quantized weights took in builds before {@code pathSince} (the
 * kernels of that generation; today's builds take the efficiency's own path).
 */
public record BackendCalibration(Backend backend, Efficiency efficiency, String status,
        Efficiency.QuantizedPath earlierPath, LocalDate pathSince) implements java.io.Serializable {
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
    }

    /** A backend whose kernels have not changed path over the builds measured. */
    public BackendCalibration(Backend backend, Efficiency efficiency, String status) {
        this(backend, efficiency, status, null, null);
    }

    /** The same backend, generation and status with other efficiencies (a fit). */
    public BackendCalibration with(Efficiency fitted, String fittedStatus) {
        return new BackendCalibration(backend, fitted, fittedStatus, earlierPath, pathSince);
    }

    /** This backend as a build made on {@code built} runs it: the earlier path before {@code pathSince}. */
    public BackendCalibration builtOn(LocalDate built) {
        if (earlierPath == null || !built.isBefore(pathSince)) {
            return this;
        }
        return new BackendCalibration(backend, efficiency.withQuantizedPath(earlierPath), status);
    }

    /** Whether {@code status} is {@code fitted}, {@code uncalibrated} or {@code borrowed:<a backend's key>}. */
    public static boolean knownStatus(String status) {
        return status.equals(FITTED) || status.equals(UNCALIBRATED)
                || status.startsWith(BORROWED) && Backend.byKey(status.substring(BORROWED.length())).isPresent();
    }
}
