-- Where PowerInfer stops winning as the batch or the prompt grows.
--
-- :axis is the input that grows, batch or prompt_tokens; every other input is held fixed. For every GPU, model and
-- baseline (dense-gpu, layer-offload), PowerInfer wins a value of the axis when it fits and either the baseline does
-- not or PowerInfer's end-to-end tokens/s is higher.
--   held_at     the value of the other of the two inputs (the prompt length when axis = batch, and the reverse)
--   first_win   the smallest value PowerInfer wins (groups where it never wins are left out)
--   stops_at    the next larger value it no longer wins, being slower or out of memory (NULL: it wins up to
--               largest, the largest value swept)
-- param: axis = batch
--
-- ./submit.sh query output/<sweep> --file configs/queries/crossover.sql --param axis=prompt_tokens
WITH paired AS (
  SELECT p.*, b.system AS baseline,
         p.fits AND (NOT b.fits OR p.e2e_tokens_per_s > b.e2e_tokens_per_s) AS wins,
         CASE :axis WHEN 'batch' THEN p.batch WHEN 'prompt_tokens' THEN p.prompt_tokens
              ELSE raise_error('axis must be batch or prompt_tokens') END AS x,
         CASE :axis WHEN 'batch' THEN p.prompt_tokens ELSE p.batch END AS held_at
  FROM points p JOIN points b
    ON  p.platform <=> b.platform AND p.host_memory_gib <=> b.host_memory_gib AND p.model <=> b.model
    AND p.host_bandwidth_gb_s <=> b.host_bandwidth_gb_s
    AND p.weight_format <=> b.weight_format AND p.kv_bits <=> b.kv_bits AND p.activation_bits <=> b.activation_bits
    AND p.batch <=> b.batch AND p.prompt_tokens <=> b.prompt_tokens AND p.generated_tokens <=> b.generated_tokens
    AND p.sparsity_setting <=> b.sparsity_setting AND p.images <=> b.images AND p.image_width <=> b.image_width
    AND p.image_height <=> b.image_height AND p.gpu_layers_setting <=> b.gpu_layers_setting
    AND p.image_sparsity_setting <=> b.image_sparsity_setting AND p.token_correlation <=> b.token_correlation
    AND p.image_token_keep <=> b.image_token_keep AND p.prune_after_layer <=> b.prune_after_layer
  WHERE p.system = 'powerinfer' AND b.system IN ('dense-gpu', 'layer-offload')),
first_win AS (
  SELECT *, min(CASE WHEN wins THEN x END) OVER w AS first_win, max(x) OVER w AS largest
  FROM paired
  WINDOW w AS (PARTITION BY platform, host_memory_gib, host_bandwidth_gb_s, model, baseline, weight_format, kv_bits,
                            activation_bits, held_at, generated_tokens, sparsity_setting, images, image_width,
                            image_height,
                            gpu_layers_setting, image_sparsity_setting, token_correlation, image_token_keep,
                            prune_after_layer))
SELECT gpu, model, baseline, :axis AS axis, held_at, images, sparsity, weight_format, first_win,
       min(CASE WHEN NOT wins AND x > first_win THEN x END) AS stops_at, largest
FROM first_win
WHERE first_win IS NOT NULL
GROUP BY platform, host_memory_gib, host_bandwidth_gb_s, gpu, model, baseline, weight_format, kv_bits, activation_bits,
         held_at,
         generated_tokens, sparsity_setting, sparsity, images, image_width, image_height, gpu_layers_setting,
         image_sparsity_setting, token_correlation, image_token_keep, prune_after_layer, first_win, largest
ORDER BY gpu, model, baseline, held_at, images, sparsity, weight_format
