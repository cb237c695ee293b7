#!/usr/bin/env bash
# Makes README's figures in docs/figures/ again from the report, after the model changed:
#
#   docs/figures.sh            both figures (about 10 minutes on two busy cores: a 1 M-point sweep and its report)
#
# report-headline.png: the report's first screen (PowerInfer's median e2e speedup against images per request,
#   beside each system's tokens/s per GiB) for the tests' small multi-modal sweep (SmallSweep: 2 platforms, 3 LLaVA
#   models, 3 systems), as headless Chromium draws it, with the tooltip of a hovered point. The report's browser
#   test makes it: ReportBrowserTest opens that sweep's report in Debian's chromium through chromium-driver
#   (Selenium, --headless=new, window 1280x1800, no network), hovers the headline chart's first point and saves the
#   screenshot of that element (div.pair) as jobs/target/report-headline.png, which is copied here. It needs chromium and chromedriver on the
#   PATH (.ci/run installs them); without them the test is skipped and this script stops.
# speedup-images-prompt-4060ti.png: a PNG the report itself writes beside its HTML (JFreeChart, no browser): the
#   heatmap of PowerInfer's median e2e speedup over the best dense system by prompt length and images per request,
#   for the report's focus model on the RTX 4060 Ti 16 GB, from the default sweep (configs/sweeps/default.json,
#   run into output/default and reported with ./submit.sh report output/default).
#
# Maven runs offline when MAVEN_ARGS=-o is set (Maven reads MAVEN_ARGS itself).
set -euo pipefail
cd "$(dirname "$0")/.."

# the jars for submit.sh, and of the tests only the browser test
rm -f jobs/target/report-headline.png
mvn -B -q package -Dtest=ReportBrowserTest -Dsurefire.failIfNoSpecifiedTests=false
[ -f jobs/target/report-headline.png ] || {
  echo "figures.sh: ReportBrowserTest saved no jobs/target/report-headline.png (no chromium or chromedriver?)" >&2
  exit 1
}
cp jobs/target/report-headline.png docs/figures/report-headline.png

./submit.sh run configs/sweeps/default.json --overwrite
./submit.sh report output/default
heatmap=$(ls output/default/report/speedup_prompt_images_rtx4060ti_16gb_*.png 2>/dev/null | head -1)
[ -n "$heatmap" ] || {
  echo "figures.sh: the default sweep's report drew no prompt x images heatmap for rtx4060ti_16gb" >&2
  exit 1
}
cp "$heatmap" docs/figures/speedup-images-prompt-4060ti.png
echo "docs/figures: report-headline.png (ReportBrowserTest), speedup-images-prompt-4060ti.png ($(basename "$heatmap"))"
