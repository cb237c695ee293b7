package org.roofsweep.core.hardware;

/**
 * One runtime backend's efficiencies and where they come from: {@code fitted} to measurements of that backend,
 * {@code borrowed:<backend>} from another backend's fit, or {@code uncalibrated} (an assumption no measurement backs).
 */
public record BackendCalibration(Backend backend, Efficiency efficiency, String status)
        implements java.io.Serializable {
    public static final String FITTED = "fitted";
    public static final String UNCALIBRATED = "uncalibrated";
    public static final String BORROWED = "borrowed:";

    public BackendCalibration {
        if (!knownStatus(status)) {
            throw new IllegalArgumentException("calibration status must be fitted, uncalibrated or borrowed:<backend>, "
                    + "found " + status);
        }
    }

    /** Whether {@code status} is {@code fitted}, {@code uncalibrated} or {@code borrowed:<a backend's key>}. */
    public static boolean knownStatus(String status) {
        return status.equals(FITTED) || status.equals(UNCALIBRATED)
                || status.startsWith(BORROWED) && Backend.byKey(status.substring(BORROWED.length())).isPresent();
    }
}
