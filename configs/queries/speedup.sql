-- PowerInfer's speedup over each dense system (dense-gpu, layer-offload), by GPU and model.
--
-- Every PowerInfer point is paired with the baseline point of identical inputs: every input column of the points
-- table except `system` (null-safe, so "model" sparsity settings pair too). Speedup = PowerInfer's tokens/s over the
-- baseline's; decode counts generation only, e2e the whole request (image encoding, prefill, decode): the decode
-- speedup and the e2e speedup of `compare` and the report (systems/Baselines), here against each dense system.
--   pairs            points where both systems fit
--   powerinfer_only  points where only PowerInfer fits (the baseline runs out of memory)
--   baseline_only    points where only the baseline fits
--
-- ./submit.sh query output/<sweep> --file configs/queries/speedup.sql
WITH powerinfer AS (SELECT * FROM points WHERE system = 'powerinfer'),
baseline AS (SELECT * FROM points WHERE system IN ('dense-gpu', 'layer-offload')),
paired AS (
  SELECT p.gpu, p.model, b.system AS baseline, p.fits AS p_fits, b.fits AS b_fits,
         p.decode_tokens_per_s / b.decode_tokens_per_s AS decode_speedup,
         p.e2e_tokens_per_s / b.e2e_tokens_per_s AS e2e_speedup
  FROM powerinfer p JOIN baseline b
    ON  p.platform <=> b.platform AND p.host_memory_gib <=> b.host_memory_gib AND p.model <=> b.model
    AND p.host_bandwidth_gb_s <=> b.host_bandwidth_gb_s
    AND p.weight_format <=> b.weight_format AND p.kv_bits <=> b.kv_bits AND p.activation_bits <=> b.activation_bits
    AND p.batch <=> b.batch AND p.prompt_tokens <=> b.prompt_tokens AND p.generated_tokens <=> b.generated_tokens
    AND p.sparsity_setting <=> b.sparsity_setting AND p.images <=> b.images AND p.image_width <=> b.image_width
    AND p.image_height <=> b.image_height AND p.gpu_layers_setting <=> b.gpu_layers_setting
    AND p.image_sparsity_setting <=> b.image_sparsity_setting AND p.token_correlation <=> b.token_correlation
    AND p.image_token_keep <=> b.image_token_keep AND p.prune_after_layer <=> b.prune_after_layer)
SELECT gpu, model, baseline,
       count_if(p_fits AND b_fits) AS pairs,
       count_if(p_fits AND NOT b_fits) AS powerinfer_only,
       count_if(b_fits AND NOT p_fits) AS baseline_only,
       median(decode_speedup) AS decode_speedup_median,
       min(decode_speedup) AS decode_speedup_min,
       max(decode_speedup) AS decode_speedup_max,
       median(e2e_speedup) AS e2e_speedup_median,
       min(e2e_speedup) AS e2e_speedup_min,
       max(e2e_speedup) AS e2e_speedup_max
FROM paired
GROUP BY gpu, model, baseline
ORDER BY gpu, model, baseline
