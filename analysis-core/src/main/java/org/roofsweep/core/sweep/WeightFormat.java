package org.roofsweep.core.sweep;

/** A weight format of the sweep: its label as the config wrote it (e.g. "q4_0", "16") and its bits per weight. */
public record WeightFormat(String label, double bits) implements java.io.Serializable {
}
