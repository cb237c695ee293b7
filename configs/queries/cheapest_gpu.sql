-- The cheapest GPU that serves a model at a target speed per request.
--
-- Speed per request = 1 / TPOT (tokens/s one user sees while decoding). For every GPU, the best such speed among the
-- model's points that fit (any system, batch, prompt or image count the sweep holds), kept when it reaches the
-- target; cheapest first by launch price (gpus view, from the catalog; GPUs without a known price come last).
-- Change the defaults below or pass --param model=... --param target_tokens_per_s=...
-- param: model = llava_1_5_7b
-- param: target_tokens_per_s = 20
--
-- ./submit.sh query output/<sweep> --file configs/queries/cheapest_gpu.sql --param target_tokens_per_s=40
WITH best AS (
  SELECT gpu,
         max(1 / tpot_s) AS tokens_per_s_per_request,
         max_by(system, 1 / tpot_s) AS system,
         max_by(batch, 1 / tpot_s) AS batch
  FROM points
  WHERE fits AND model = :model
  GROUP BY gpu)
SELECT b.gpu, g.name, g.launch_price_usd, g.memory_gib, b.tokens_per_s_per_request, b.system, b.batch
FROM best b JOIN gpus g ON g.key = b.gpu
WHERE b.tokens_per_s_per_request >= :target_tokens_per_s
ORDER BY g.launch_price_usd ASC NULLS LAST, b.tokens_per_s_per_request DESC
