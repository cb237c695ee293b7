package org.roofsweep.bench.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The sweep benchmark's command line: the sweep files and the options of {@link SweepBenchmark}'s modes. */
record Options(List<Path> sweeps, int runs, boolean rows, double limitSeconds, String master, String driverMemory,
        Path work, Path configs, long points) {
    static Options parse(String[] args) {
        List<Path> sweeps = new ArrayList<>();
        int runs = 3;
        boolean rows = false;
        double limit = 0;
        String master = "local[2]";
        String driverMemory = "1g";
        Path work = Path.of("bench/target/sweep-bench");
        Path configs = Path.of("configs");
        long points = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--rows" -> rows = true;
                case "--limit" -> limit = Double.parseDouble(args[++i]);
                case "--master" -> master = args[++i];
                case "--driver-memory" -> driverMemory = args[++i];
                case "--work" -> work = Path.of(args[++i]);
                case "--configs" -> configs = Path.of(args[++i]);
                case "--points" -> points = Long.parseLong(args[++i]);
                default -> sweeps.add(Path.of(args[i]));
            }
        }
        if (sweeps.isEmpty() || runs < 1) {
            throw new IllegalArgumentException("need at least one sweep file and --runs >= 1");
        }
        return new Options(sweeps, runs, rows, limit, master, driverMemory, work, configs, points);
    }
}
