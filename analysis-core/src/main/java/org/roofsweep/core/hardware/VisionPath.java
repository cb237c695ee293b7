package org.roofsweep.core.hardware;

/**
 * How fast one runtime backend runs a vision tower (llama.cpp's CLIP/mtmd graph): {@code computeFactor} is the
 * fraction of the backend's F16 matrix rate (a GPU: its fitted {@code f16_gemm} efficiency times the family deviation;
 * the host CPU: its F16 compute efficiency) that the tower's graph of F32 intermediates and small ops reaches, and
 * {@code status} says where it comes from: {@code fitted} to image-encode measurements of that backend,
 * {@code borrowed:<backend>} from another backend's fit, or {@code uncalibrated} (an assumption no row backs).
 */
public record VisionPath(double computeFactor, String status) implements java.io.Serializable {
    /** The smallest compute factor {@code calibration.json} accepts, and the lower end of the calibrator's search. */
    public static final double MIN_COMPUTE_FACTOR = 0.001;

    public VisionPath {
        if (!(computeFactor > 0 && computeFactor <= 1)) {
            throw new IllegalArgumentException("vision compute factor must be in (0, 1], found " + computeFactor);
        }
        if (!BackendCalibration.knownStatus(status)) {
            throw new IllegalArgumentException("vision calibration status must be fitted, uncalibrated or "
                    + "borrowed:<backend>, found " + status);
        }
    }
}
