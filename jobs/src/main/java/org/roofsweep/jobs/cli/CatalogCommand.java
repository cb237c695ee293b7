package org.roofsweep.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.roofsweep.core.Units;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Cpu;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code catalog gpus|cpus|platforms|models}: what ships, with the key figures, to pick axis values. No Spark. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "List the GPUs, CPUs, platforms or models of the catalog with their key figures.")
public final class CatalogCommand implements Callable<Integer> {
    enum Kind { gpus, cpus, platforms, models }

    @Parameters(index = "0", paramLabel = "KIND", description = "gpus, cpus, platforms or models")
    private Kind kind;

    @Option(names = "--json", description = "print JSON instead of a table")
    private boolean json;

    @Mixin
    private CatalogOptions catalog;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Catalogs c = catalog.load();
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode rows = mapper.createArrayNode();
        switch (kind) {
            case gpus -> {
                header(out, "%-28s %-20s %8s %9s %9s %9s %6s %9s %-10s %6s %7s  %-14s %-14s %s%n", "key", "family",
                        "mem_gib", "bw_gb_s", "fp16_tf", "int8_tops", "units", "boost_mhz", "link", "tdp_w", "usd",
                        "calibration", "f16_gemm", "vision");
                for (Gpu g : c.hardware().gpus().values()) {
                    String link = g.link().unified() ? "unified"
                            : g.link().kind().name().toLowerCase(Locale.ROOT) + g.link().generation() + "x"
                                    + g.link().lanes();
                    ObjectNode r = rows.addObject().put("key", g.key()).put("name", g.name()).put("family", g.family())
                            .put("memory_gib", g.memoryBytes() / Units.GIB)
                            .put("bandwidth_gb_per_s", g.bandwidthBytesPerSecond() / Units.GIGA)
                            .put("link", link).put("backend", Backend.forVendor(g.vendor()).key())
                            .put("calibration", c.hardware().calibration().status(g))
                            .put("f16_gemm_calibration", c.hardware().calibration().f16GemmStatus(g))
                            .put("vision_calibration", c.hardware().calibration().visionStatus(g));
                    number(r, "fp32_tflops", g.peak().fp32() / Units.TERA);
                    number(r, "fp16_tflops", g.peak().fp16() / Units.TERA);
                    number(r, "int8_tops", g.peak().int8() / Units.TERA);
                    number(r, "tdp_w", g.tdpWatts());
                    number(r, "launch_price_usd", g.launchPriceUsd());
                    // compute units (SMs, CUs, Xe-cores) and their boost clock: the cores' streaming cap and the
                    // launch clock read them
                    double units = g.cores().unitsKnown() ? g.cores().units() : Double.NaN;
                    double boostMhz = g.cores().boostClockHz() / Units.MEGA;
                    if (g.cores().unitsKnown()) {
                        r.put("compute_units", g.cores().units());
                    } else {
                        r.putNull("compute_units");
                    }
                    number(r, "boost_clock_mhz", boostMhz);
                    row(out, "%-28s %-20s %8.0f %9.0f %9s %9s %6s %9s %-10s %6s %7s  %-14s %-14s %s%n", g.key(),
                            g.family(), g.memoryBytes() / Units.GIB, g.bandwidthBytesPerSecond() / Units.GIGA,
                            fmt(g.peak().fp16() / Units.TERA), fmt(g.peak().int8() / Units.TERA), fmt(units),
                            fmt(boostMhz), link,
                            fmt(g.tdpWatts()), fmt(g.launchPriceUsd()), c.hardware().calibration().status(g),
                            c.hardware().calibration().f16GemmStatus(g), c.hardware().calibration().visionStatus(g));
                }
            }
            case cpus -> {
                header(out, "%-26s %6s %8s %9s %9s %-22s %9s %9s  %s%n", "key", "cores", "channels", "bw_gb_s",
                        "eff_gb_s", "bandwidth_basis", "fp32_tf", "max_gib", "vector_isa");
                for (Cpu p : c.hardware().cpus().values()) {
                    ObjectNode r = rows.addObject().put("key", p.key()).put("name", p.name()).put("cores", p.cores())
                            .put("memory_channels", p.memoryChannels())
                            .put("bandwidth_gb_per_s", p.bandwidthBytesPerSecond() / Units.GIGA)
                            .put("effective_bandwidth_gb_per_s", p.effectiveBandwidthBytesPerSecond() / Units.GIGA)
                            .put("bandwidth_basis", p.bandwidthBasis())
                            .put("vector_isa", p.vectorIsa());
                    number(r, "fp32_tflops", p.fp32FlopsPerSecond() / Units.TERA);
                    number(r, "max_memory_gib", p.maxMemoryBytes() / Units.GIB);
                    row(out, "%-26s %6d %8d %9.1f %9.1f %-22s %9s %9s  %s%n", p.key(), p.cores(), p.memoryChannels(),
                            p.bandwidthBytesPerSecond() / Units.GIGA, p.effectiveBandwidthBytesPerSecond() / Units.GIGA,
                            p.bandwidthBasis(),
                            String.format(Locale.ROOT, "%.2f", p.fp32FlopsPerSecond() / Units.TERA),
                            fmt(p.maxMemoryBytes() / Units.GIB), p.vectorIsa());
                }
            }
            case platforms -> {
                header(out, "%-12s %-18s %-20s %9s %13s%n", "key", "gpu", "cpu", "host_gib", "host_bw_gb_s");
                for (Platform p : c.hardware().platforms().values()) {
                    rows.addObject().put("key", p.key()).put("gpu", p.gpu().key()).put("cpu", p.cpu().key())
                            .put("host_memory_gib", p.hostMemoryBytes() / Units.GIB)
                            .put("host_bandwidth_gb_per_s", p.hostBandwidthBytesPerSecond() / Units.GIGA);
                    row(out, "%-12s %-18s %-20s %9.0f %13.1f%n", p.key(), p.gpu().key(), p.cpu().key(),
                            p.hostMemoryBytes() / Units.GIB, p.hostBandwidthBytesPerSecond() / Units.GIGA);
                }
                if (!json) {
                    out.println("(any gpu+cpu pair also works as a platform, e.g. rtx4090+i9_13900k)");
                }
            }
            case models -> {
                header(out, "%-34s %8s %7s %6s %5s %4s %-10s %-5s %8s %-7s%n", "key", "params_b", "hidden", "layers",
                        "heads", "kv", "activation", "moe", "sparsity", "vision");
                for (ModelSpec m : c.models().models().values()) {
                    double params = m.languageModelParameters() + (m.vision() == null ? 0 : m.vision().parameters());
                    String moe = m.moe().isMoe() ? m.moe().expertsPerToken() + "/" + m.moe().numExperts() : "-";
                    ObjectNode r = rows.addObject().put("key", m.key()).put("name", m.name())
                            .put("parameters", params).put("hidden_size", m.hiddenSize())
                            .put("num_layers", m.numLayers()).put("num_kv_heads", m.numKvHeads())
                            .put("activation", m.activation().name().toLowerCase(Locale.ROOT)).put("moe", moe)
                            .put("vision", m.vision() == null ? null : m.vision().name())
                            .put("hypothetical", m.hypothetical())
                            .put("active_parameters", m.activeParameters())
                            .put("sliding_window", m.attention().slidingWindow())
                            .put("sliding_layers", m.attention().slidingLayers())
                            .put("mla", m.attention().mla() != null);
                    m.attention().unmodelled().forEach(r.putArray("unmodelled")::add);
                    number(r, "ffn_sparsity", m.sparsity() == null ? Double.NaN : m.sparsity().ffnSparsity());
                    row(out, "%-34s %8.2f %7d %6d %5d %4d %-10s %-5s %8s %-7s%n",
                            m.key() + (m.hypothetical() ? "*" : ""), params / Units.GIGA, m.hiddenSize(), m.numLayers(),
                            m.numAttentionHeads(), m.numKvHeads(), m.activation().name().toLowerCase(Locale.ROOT),
                            moe, m.sparsity() == null ? "-" : String.format(Locale.ROOT, "%.3f",
                                    m.sparsity().ffnSparsity()), m.vision() == null ? "-" : "yes");
                }
                if (!json) {
                    out.println("(* hypothetical configuration: see the model file's notes)");
                    for (ModelSpec m : c.models().models().values()) {
                        m.attention().unmodelled().forEach(u -> out.println("not modelled in " + m.key() + ": " + u));
                    }
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        if (json) {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        }
        out.flush();
        return 0;
    }

    private void header(PrintWriter out, String format, Object... names) {
        if (!json) {
            out.printf(Locale.ROOT, format, names);
        }
    }

    private void row(PrintWriter out, String format, Object... values) {
        if (!json) {
            out.printf(Locale.ROOT, format, values);
        }
    }

    private static void number(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "?";
    }
}
