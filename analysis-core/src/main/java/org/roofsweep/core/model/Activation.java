package org.roofsweep.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** FFN activation functions. Only the ReLU family produces the exact zeros that PowerInfer and Deja Vu skip. */
public enum Activation {
    SILU, GELU, QUICK_GELU, RELU, RELU2, DRELU;

    public static List<String> names() {
        return Arrays.stream(values()).map(a -> a.name().toLowerCase(Locale.ROOT)).toList();
    }

    public static Activation parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public boolean reluFamily() {
        return this == RELU || this == RELU2 || this == DRELU;
    }
}
