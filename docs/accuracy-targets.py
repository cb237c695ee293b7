#!/usr/bin/env python3
"""Prints BENCHMARKS.md's table of issue 15's accuracy targets from `./submit.sh validate --cv --json` over the three
measurement files, so that every cell is the tool's output at the commit it runs on (run it from the repository root
after `mvn -B -DskipTests package`). A target is met when both cross-validated figures (leave-one-GPU-out and
leave-one-source-out) are within it; the in-sample figure is printed beside them and decides nothing."""
import json
import subprocess

FILES = {
    "gpu": "configs/measurements/measured.csv",
    "extra": "configs/measurements/measured-extra.csv",
    "image": "configs/measurements/image-encode.csv",
}


def validate(path):
    out = subprocess.run(["./submit.sh", "validate", "--cv", "--json", "--measured", path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out[out.index("{"):])


def figures(report, system, metric, backend="all", engine="all"):
    """(rows, LOGO, LOSO, in sample) of one summary line, or None when the file has no such line."""
    def pick(lines):
        for s in lines:
            if (s["system"], s["metric"], s.get("engine", "all"), s["backend"]) == (system, metric, engine, backend):
                return s
        return None
    cv = report["cross_validation"]
    gpu, source, sample = pick(cv["leave-one-gpu-out"]), pick(cv["leave-one-source-out"]), pick(report["summary"])
    if gpu is None:
        return None
    return (gpu["rows"], gpu["median_abs_error_pct"], source["median_abs_error_pct"],
            sample["median_abs_error_pct"] if sample else float("nan"))


def cell(f):
    rows, gpu, source, sample = f
    return f"{gpu:.1f}% / {source:.1f}% ({sample:.1f}%) over {rows} rows"


def status(f, limit):
    return "met" if max(f[1], f[2]) <= limit else "**not met**"


def main():
    reports = {k: validate(p) for k, p in FILES.items()}
    gpu, extra, image = reports["gpu"], reports["extra"], reports["image"]
    print("| target | leave-one-GPU-out / leave-one-source-out (in sample) | status |")
    print("| --- | --- | --- |")
    targets = [
        ("decode <= 10%, every backend", figures(gpu, "dense-gpu", "tg_tok_s"), 10),
        ("decode <= 7% on CUDA", figures(gpu, "dense-gpu", "tg_tok_s", "cuda"), 7),
        ("prefill <= 15%", figures(gpu, "dense-gpu", "pp_tok_s"), 15),
    ]
    for name, f, limit in targets:
        print(f"| {name} | {cell(f)} | {status(f, limit)} |")
    for metric, label in (("tg_tok_s", "decode"), ("pp_tok_s", "prefill")):
        for backend in ("cuda", "metal", "rocm", "vulkan", "sycl"):
            f = figures(gpu, "dense-gpu", metric, backend)
            if f is None:
                continue
            verdict = status(f, 20) if f[0] >= 5 else "fewer than 5 rows"
            print(f"| no backend with 5+ rows above 20%: {backend} {label} | {cell(f)} | {verdict} |")
    for system, metric, report, limit, label in (
            ("layer-offload", "tg_tok_s", extra, 15, "`layer-offload` decode <= 15%"),
            ("cpu-only", "tg_tok_s", extra, 15, "`cpu-only` decode <= 15%"),
            ("dense-gpu", "image_encode_ms", image, 30, "image encode <= 30%"),
            ("layer-offload", "pp_tok_s", extra, None, "`layer-offload` prefill (no target)"),
            ("cpu-only", "pp_tok_s", extra, None, "`cpu-only` prefill (no target)"),
            ("moe-offload", "tg_tok_s", extra, None, "`moe-offload` decode (no target)"),
            ("moe-offload", "pp_tok_s", extra, None, "`moe-offload` prefill (no target)"),
            ("powerinfer", "tg_tok_s", extra, None, "`powerinfer` decode (no target)"),
            ("powerinfer", "pp_tok_s", extra, None, "`powerinfer` prefill (no target)"),
            ("dense-gpu", "pp_tok_s+images", image, None, "prompt with image tokens (no target)")):
        f = figures(report, system, metric)
        if f is None:
            continue
        print(f"| {label} | {cell(f)} | {status(f, limit) if limit else 'reported'} |")


if __name__ == "__main__":
    main()
