package org.roofsweep.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture fields of a Hugging Face {@code config.json} beyond the Llama shape: routed and shared experts,
 * sliding windows, MLA, and what the operator graph leaves out (named, so loading reports it).
 */
final class HfArchitecture {
    private HfArchitecture() {
    }

    /**
     * Experts under each family's names: {@code num_local_experts} (Mixtral, gpt-oss), {@code num_experts} (Qwen-MoE),
     * {@code n_routed_experts} (DeepSeek); shared experts as {@code shared_expert_intermediate_size} (Qwen2-MoE) or
     * {@code n_shared_experts x moe_intermediate_size} (DeepSeek); DeepSeek's dense first layers.
     */
    static MoeSpec moe(HfConfigImporter.Reader r, String arch, int layers) {
        String experts = r.has("num_local_experts") ? "num_local_experts"
                : r.has("n_routed_experts") ? "n_routed_experts" : "num_experts";
        if (!r.has(experts) || r.integer(experts, 1) < 2) {
            return MoeSpec.DENSE;
        }
        int e = r.integer(experts, 1);
        int k = r.integer(r.has("num_experts_per_tok") ? "num_experts_per_tok" : "experts_per_token", -1);
        int shared = r.has("shared_expert_intermediate_size") ? r.integer("shared_expert_intermediate_size", 0)
                : r.has("n_shared_experts") ? r.integer("n_shared_experts", 0) * r.integer("moe_intermediate_size", -1)
                : 0;
        int dense = r.has("first_k_dense_replace") ? r.integer("first_k_dense_replace", 0) : 0;
        return new MoeSpec(e, Math.min(k, e), shared, Math.min(dense, Math.max(layers - 1, 0)),
                dense > 0 ? r.integer("intermediate_size", -1) : 0);
    }

    /**
     * Sliding layers from {@code layer_types} where present (gpt-oss, newer Gemma configs), else Gemma 2 alternates
     * (half the layers), Gemma 3 keeps one global layer in {@code sliding_window_pattern}, Mistral slides in all.
     * MLA from {@code kv_lora_rank}.
     */
    static AttentionLayout attention(HfConfigImporter.Reader r, String arch, int layers) {
        int window = r.has("sliding_window") ? r.integer("sliding_window", 0) : 0;
        int sliding = 0;
        JsonNode types = r.node.path("layer_types");
        if (window > 0 && types.isArray() && !types.isEmpty()) {
            for (JsonNode t : types) {
                sliding += "sliding_attention".equals(t.asText()) ? 1 : 0;
            }
        } else if (window > 0 && arch.startsWith("Gemma2")) {
            sliding = layers / 2;
        } else if (window > 0 && arch.startsWith("Gemma3")) {
            sliding = layers - layers / r.integer("sliding_window_pattern", 6);
        } else if (window > 0 && !r.bool("use_sliding_window", !arch.startsWith("Qwen"))) {
            sliding = 0;
        } else if (window > 0) {
            sliding = layers;
        }
        MlaSpec mla = null;
        if (r.has("kv_lora_rank")) {
            mla = new MlaSpec(r.has("q_lora_rank") ? r.integer("q_lora_rank", 0) : 0, r.integer("kv_lora_rank", -1),
                    r.integer("qk_nope_head_dim", -1), r.integer("qk_rope_head_dim", -1), r.integer("v_head_dim", -1));
        }
        return new AttentionLayout(sliding == 0 ? 0 : window, Math.min(sliding, layers), mla, unmodelled(r, arch));
    }

    private static List<String> unmodelled(HfConfigImporter.Reader r, String arch) {
        List<String> out = new ArrayList<>();
        if (r.has("attn_logit_softcapping")) {
            out.add("attn_logit_softcapping (tanh cap on attention scores): not in the graph");
        }
        if (r.has("final_logit_softcapping")) {
            out.add("final_logit_softcapping on the logits: not in the graph");
        }
        if (arch.startsWith("Qwen3") || arch.startsWith("Gemma3")) {
            out.add("QK-norm (RMSNorm on each query and key head): not in the graph");
        }
        if (arch.startsWith("GptOss")) {
            out.add("attention sinks and projection biases: not in the graph");
        }
        if (r.has("quantization_config")) {
            out.add("quantization_config of the release: the sweep's weight_bits apply to all weights instead");
        }
        if (r.has("kv_lora_rank")) {
            out.add("MLA's latent norms: not in the graph");
        }
        return out;
    }
}
