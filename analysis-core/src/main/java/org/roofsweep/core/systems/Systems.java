package org.roofsweep.core.systems;

import java.util.List;
import java.util.Optional;

/** The inference systems the sweep knows, by name. */
public final class Systems {
    private static final List<InferenceSystem> ALL =
            List.of(new DenseGpu(), new LayerOffload(), new PowerInfer(), PowerInfer.ideal(), new SparseGpu(),
                    new MoeOffload(), new CpuOnly());

    private Systems() {
    }

    public static List<InferenceSystem> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(InferenceSystem::name).toList();
    }

    public static Optional<InferenceSystem> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
