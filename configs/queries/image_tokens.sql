-- PowerInfer's speedup over the best dense system as image tokens' FFN sparsity and visual-token pruning change.
--
-- The image-token axes are hypotheses a sweep explores (configs/sweeps/image-tokens.json): image_sparsity (the FFN
-- activation sparsity of image tokens; "model" rows carry the text's figure), token_correlation (how far a prompt's
-- tokens share active neurons) and image_token_keep (the share of image tokens kept after prune_after_layer,
-- FastV-style). Every PowerInfer point with images is paired with the faster of dense-gpu and layer-offload at
-- identical inputs (both prune alike); e2e_speedup = PowerInfer's end-to-end tokens/s over that. Per GPU (its memory
-- from the gpus view; one GPU with --param gpu=KEY), correlation, image sparsity and keep ratio:
--   e2e_speedup       median over the other swept inputs, where both fit; null where either does not
--   ttft_ratio        PowerInfer's time to first token over the dense system's
--   prefill_sparsity  PowerInfer's skipped FFN weights in the prefill (0: the prompt reads every row)
--   powerinfer_wins   points where PowerInfer fits and is faster (or the dense systems do not fit), of all points
-- param: model = llava_1_5_7b_prosparse
-- param: system = powerinfer
-- param: gpu = all
--
-- ./submit.sh query output/image-tokens --file configs/queries/image_tokens.sql --param model=llava_1_5_13b_prosparse \
--   --param gpu=rtx4060ti_16gb
WITH dense AS (
  SELECT platform, host_memory_gib, host_bandwidth_gb_s, model, weight_format, kv_bits, activation_bits, batch,
         prompt_tokens,
         generated_tokens, sparsity_setting, images, image_width, image_height, gpu_layers_setting,
         image_sparsity_setting, token_correlation, image_token_keep, prune_after_layer,
         bool_or(fits) AS dense_fits, max(e2e_tokens_per_s) AS dense_e2e_tokens_per_s, min(ttft_s) AS dense_ttft_s
  FROM points
  WHERE system IN ('dense-gpu', 'layer-offload') AND model = :model AND images > 0
  GROUP BY platform, host_memory_gib, host_bandwidth_gb_s, model, weight_format, kv_bits, activation_bits, batch,
           prompt_tokens,
           generated_tokens, sparsity_setting, images, image_width, image_height, gpu_layers_setting,
           image_sparsity_setting, token_correlation, image_token_keep, prune_after_layer),
paired AS (
  SELECT p.gpu, p.token_correlation, p.image_sparsity, p.image_token_keep, p.prefill_sparsity,
         p.e2e_tokens_per_s / d.dense_e2e_tokens_per_s AS e2e_speedup, p.ttft_s / d.dense_ttft_s AS ttft_ratio,
         p.fits AND (NOT d.dense_fits OR p.e2e_tokens_per_s > d.dense_e2e_tokens_per_s) AS wins
  FROM points p JOIN dense d
    ON  p.platform <=> d.platform AND p.host_memory_gib <=> d.host_memory_gib AND p.model <=> d.model
    AND p.host_bandwidth_gb_s <=> d.host_bandwidth_gb_s
    AND p.weight_format <=> d.weight_format AND p.kv_bits <=> d.kv_bits AND p.activation_bits <=> d.activation_bits
    AND p.batch <=> d.batch AND p.prompt_tokens <=> d.prompt_tokens AND p.generated_tokens <=> d.generated_tokens
    AND p.sparsity_setting <=> d.sparsity_setting AND p.images <=> d.images AND p.image_width <=> d.image_width
    AND p.image_height <=> d.image_height AND p.gpu_layers_setting <=> d.gpu_layers_setting
    AND p.image_sparsity_setting <=> d.image_sparsity_setting AND p.token_correlation <=> d.token_correlation
    AND p.image_token_keep <=> d.image_token_keep AND p.prune_after_layer <=> d.prune_after_layer
  WHERE p.system = :system AND (:gpu = 'all' OR p.gpu = :gpu))
SELECT p.gpu, g.memory_gib AS gpu_memory_gib, p.token_correlation, p.image_sparsity, p.image_token_keep,
       median(p.e2e_speedup) AS e2e_speedup, median(p.ttft_ratio) AS ttft_ratio,
       median(p.prefill_sparsity) AS prefill_sparsity,
       count_if(p.wins) AS powerinfer_wins, count(*) AS points
FROM paired p JOIN gpus g ON g.key = p.gpu
GROUP BY p.gpu, g.memory_gib, p.token_correlation, p.image_sparsity, p.image_token_keep
ORDER BY g.memory_gib, p.gpu, p.token_correlation, p.image_sparsity DESC, p.image_token_keep DESC
