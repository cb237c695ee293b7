-- The effect of images per request on time to first token (TTFT), for the multi-modal models of the sweep.
--
-- By GPU, model, system and images per request, over the points that fit (medians over the other inputs):
--   image_tokens        LLM tokens the images add to each prompt
--   ttft_s              time to first token: image encoding + prefill
--   vision_share        the image encoder's part of TTFT
--   ttft_vs_no_images   TTFT over the TTFT of the same request without images (images = 0, every other input equal;
--                       NULL when the sweep holds no image-free point)
--
-- ./submit.sh query output/<sweep> --file configs/queries/images_ttft.sql
WITH vision AS (
  SELECT * FROM points
  WHERE fits AND model IN (SELECT model FROM points WHERE image_tokens > 0)),
no_images AS (SELECT * FROM vision WHERE images = 0)
SELECT v.gpu, v.model, v.system, v.images,
       median(v.image_tokens) AS image_tokens,
       median(v.ttft_s) AS ttft_s,
       median(try_divide(v.vision_s, v.ttft_s)) AS vision_share,
       median(try_divide(v.ttft_s, n.ttft_s)) AS ttft_vs_no_images
FROM vision v LEFT JOIN no_images n
  ON  v.platform <=> n.platform AND v.host_memory_gib <=> n.host_memory_gib AND v.model <=> n.model
  AND v.host_bandwidth_gb_s <=> n.host_bandwidth_gb_s
  AND v.system <=> n.system AND v.weight_format <=> n.weight_format AND v.kv_bits <=> n.kv_bits
  AND v.activation_bits <=> n.activation_bits AND v.batch <=> n.batch AND v.prompt_tokens <=> n.prompt_tokens
  AND v.generated_tokens <=> n.generated_tokens AND v.sparsity_setting <=> n.sparsity_setting
  AND v.gpu_layers_setting <=> n.gpu_layers_setting
  AND v.image_sparsity_setting <=> n.image_sparsity_setting AND v.token_correlation <=> n.token_correlation
  AND v.image_token_keep <=> n.image_token_keep AND v.prune_after_layer <=> n.prune_after_layer
GROUP BY v.gpu, v.model, v.system, v.images
ORDER BY v.gpu, v.model, v.system, v.images
