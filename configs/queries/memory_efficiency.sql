-- Memory efficiency: decode tokens/s per GiB of GPU memory, by GPU, model and system.
--
-- best_tokens_per_s      the highest decode tokens/s (all sequences of the batch) among the sweep's points that fit
-- per_gib                best_tokens_per_s over the GPU's memory capacity (gpus view, from the catalog)
-- per_used_gib           best_tokens_per_s over the GPU memory that point occupies
-- Most efficient first.
--
-- ./submit.sh query output/<sweep> --file configs/queries/memory_efficiency.sql
WITH best AS (
  SELECT gpu, model, system,
         max(decode_tokens_per_s) AS best_tokens_per_s,
         max_by(batch, decode_tokens_per_s) AS at_batch,
         max_by(gpu_used_gib, decode_tokens_per_s) AS used_gib
  FROM points
  WHERE fits
  GROUP BY gpu, model, system)
SELECT b.gpu, g.memory_gib, b.model, b.system, b.at_batch, b.best_tokens_per_s,
       b.best_tokens_per_s / g.memory_gib AS per_gib,
       try_divide(b.best_tokens_per_s, b.used_gib) AS per_used_gib
FROM best b JOIN gpus g ON g.key = b.gpu
ORDER BY per_gib DESC, gpu, model, system
