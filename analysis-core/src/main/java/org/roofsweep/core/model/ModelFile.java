package org.roofsweep.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.roofsweep.core.config.StrictObject;

/** Reads one {@code configs/models/<key>.json} (schema in configs/models/README.md). */
public final class ModelFile {
    private static final int MAX_DIM = 1 << 20;
    /** Bound on a model's total predictor weights: above any released model's parameter count. */
    private static final double MAX_PREDICTOR_PARAMETERS = 1e13;

    private ModelFile() {
    }

    public static ModelSpec read(StrictObject o) {
        String key = o.text("key");
        String name = o.text("name");
        List<String> aliases = o.textList("aliases", false);
        String repo = o.optionalText("hf_repo", "");
        String source = o.text("source");
        int hidden = o.integer("hidden_size", 1, MAX_DIM);
        int inter = o.integer("intermediate_size", 1, MAX_DIM);
        int layers = o.integer("num_layers", 1, 10_000);
        int heads = o.integer("num_attention_heads", 1, 10_000);
        int kvHeads = o.integer("num_kv_heads", 1, 10_000);
        int headDim = o.integer("head_dim", 1, 4096);
        int vocab = o.integer("vocab_size", 1, 10_000_000);
        int context = o.integer("max_context", 1, 100_000_000);
        Activation act = activation(o, "activation");
        String mlp = o.choice("mlp", List.of("gated", "plain"));
        boolean tied = o.bool("tied_embeddings");
        MoeSpec moe = MoeSpec.DENSE;
        StrictObject m = o.nullableObject("moe");
        if (m != null) {
            int experts = m.integer("num_experts", 2, 4096);
            int perToken = m.integer("experts_per_token", 1, 4096);
            int shared = m.optionalInteger("shared_intermediate_size", 0, MAX_DIM, 0);
            int dense = m.optionalInteger("dense_layers", 0, 10_000, 0);
            int denseInter = m.optionalInteger("dense_intermediate_size", 0, MAX_DIM, 0);
            m.finish();
            if (perToken > experts) {
                m.problem("experts_per_token", "cannot exceed num_experts (" + experts + ")");
            } else if (dense > 0 && denseInter == 0) {
                m.problem("dense_intermediate_size", "dense_layers " + dense + " need their FFN width");
            } else if (dense >= layers && layers > 0) {
                m.problem("dense_layers", "must be fewer than num_layers (" + layers + ")");
            } else if (experts > 1 && perToken > 0) {
                moe = new MoeSpec(experts, perToken, shared, dense, denseInter);
            }
        }
        SparsityProfile sparsity = null;
        StrictObject s = o.nullableObject("sparsity");
        if (s != null) {
            double ffn = s.number("ffn_sparsity", 0, 0.999);
            String ffnSource = s.text("ffn_sparsity_source");
            double hot = s.number("hot_fraction_for_80pct", 0.01, 0.79);
            String hotSource = s.text("hot_fraction_source");
            double predicted = s.optionalNumber("predicted_sparsity", 0, 0.999, Double.NaN);
            String predictedSource = Double.isNaN(predicted) ? "" : s.text("predicted_sparsity_source");
            double predictors = s.optionalNumber("predictor_parameters", 1, MAX_PREDICTOR_PARAMETERS, Double.NaN);
            String predictorsSource = Double.isNaN(predictors) ? "" : s.text("predictor_parameters_source");
            s.finish();
            if (predicted > ffn) {
                s.problem("predicted_sparsity", "must not exceed ffn_sparsity (" + ffn + "): a predictor selects at "
                        + "least the neurons that fire, less what it misses");
            } else if (!Double.isNaN(ffn) && !Double.isNaN(hot)) {
                sparsity = new SparsityProfile(ffn, ffnSource, hot, hotSource, predicted, predictedSource, predictors,
                        predictorsSource);
            }
        }
        VisionSpec vision = null;
        StrictObject v = o.nullableObject("vision");
        if (v != null) {
            vision = vision(v);
        }
        boolean hypothetical = o.bool("hypothetical");
        AttentionLayout attention = attention(o, layers);
        o.optionalText("notes", "");
        o.finish();
        if (heads > 0 && kvHeads > 0 && heads % kvHeads != 0) {
            o.problem("num_kv_heads", "must divide num_attention_heads (" + heads + "), found " + kvHeads);
        }
        if (!o.problems().isEmpty()) {
            return null;
        }
        return new ModelSpec(key, name, aliases, repo, source, hidden, inter, layers, heads, kvHeads, headDim, vocab,
                context, act, "gated".equals(mlp), tied, moe, sparsity, vision, hypothetical, attention);
    }

    /**
     * The optional {@code attention} object (sliding window, MLA) and the {@code unmodelled} list: what the
     * architecture does that the operator graph leaves out, each said in words.
     */
    private static AttentionLayout attention(StrictObject o, int layers) {
        List<String> unmodelled = o.has("unmodelled") ? o.textList("unmodelled", false) : List.of();
        StrictObject a = o.optionalObject("attention");
        if (a == null) {
            return new AttentionLayout(0, 0, null, unmodelled);
        }
        int window = a.optionalInteger("sliding_window", 1, 100_000_000, 0);
        int sliding = a.optionalInteger("sliding_layers", 0, 10_000, 0);
        MlaSpec mla = null;
        StrictObject l = a.optionalObject("mla");
        if (l != null) {
            int q = l.integer("q_lora_rank", 0, MAX_DIM);
            int kv = l.integer("kv_lora_rank", 1, MAX_DIM);
            int nope = l.integer("qk_nope_head_dim", 1, 4096);
            int rope = l.integer("qk_rope_head_dim", 1, 4096);
            int v = l.integer("v_head_dim", 1, 4096);
            l.finish();
            if (q >= 0 && kv > 0 && nope > 0 && rope > 0 && v > 0) {
                mla = new MlaSpec(q, kv, nope, rope, v);
            }
        }
        a.text("source");
        a.finish();
        if (sliding > layers && layers > 0) {
            a.problem("sliding_layers", "cannot exceed num_layers (" + layers + ")");
            sliding = 0;
        }
        if (sliding > 0 && window == 0) {
            a.problem("sliding_window", "sliding_layers " + sliding + " need a window");
            sliding = 0;
        }
        return new AttentionLayout(window, sliding, mla, unmodelled);
    }

    private static Activation activation(StrictObject o, String field) {
        String a = o.choice(field, Activation.names());
        return Activation.names().contains(a) ? Activation.parse(a) : Activation.SILU;
    }

    /** The {@code token_policy.kind} values, one per {@link TokenPolicy.Kind}. */
    private static final List<String> POLICIES = List.of("fixed", "anyres", "dynamic", "tiles", "slices", "rows");

    private static VisionSpec vision(StrictObject v) {
        String name = v.text("name");
        String source = v.text("source");
        int layers = v.integer("num_layers", 1, 1000);
        int used = v.integer("layers_used", 1, 1000);
        int hidden = v.integer("hidden_size", 1, MAX_DIM);
        int heads = v.integer("num_heads", 1, 1000);
        int inter = v.integer("intermediate_size", 1, MAX_DIM);
        Activation act = activation(v, "activation");
        int patch = v.integer("patch_size", 1, 1000);
        int image = v.integer("image_size", 1, 100_000);
        boolean cls = v.bool("class_token");
        String mlp = v.optionalText("mlp", "plain");
        if (!List.of("plain", "gated").contains(mlp)) {
            v.problem("mlp", "expected one of [plain, gated], found \"" + mlp + "\"");
        }
        ProjectorSpec projector = null;
        StrictObject p = v.object("projector");
        if (p != null) {
            projector = new ProjectorSpec(p.text("kind"), p.integer("input_size", 1, MAX_DIM),
                    p.integer("hidden_size", 1, MAX_DIM), p.integer("output_size", 1, MAX_DIM),
                    p.integer("merge", 1, 16), p.text("source"));
            p.finish();
        }
        TokenPolicy policy = null;
        StrictObject t = v.object("token_policy");
        if (t != null) {
            String kind = t.choice("kind", POLICIES);
            int maxTiles = t.integer("max_tiles", 0, 1000);
            List<int[]> grids = new ArrayList<>();
            List<JsonNode> arr = t.array("tile_grids", false);
            for (int i = 0; i < arr.size(); i++) {
                JsonNode g = arr.get(i);
                if (g.isArray() && g.size() == 2 && g.get(0).isIntegralNumber() && g.get(1).isIntegralNumber()
                        && g.get(0).canConvertToInt() && g.get(1).canConvertToInt()
                        && g.get(0).asInt() > 0 && g.get(1).asInt() > 0) {
                    grids.add(new int[] {g.get(0).asInt(), g.get(1).asInt()});
                } else {
                    t.problem("tile_grids[" + i + "]", "expected [columns, rows] of positive whole numbers");
                }
            }
            int minTokens = t.integer("min_tokens", 0, 10_000_000);
            int maxTokens = t.integer("max_tokens", 0, 10_000_000);
            int perView = t.optionalInteger("tokens_per_view", 0, 100_000, 0);
            String policySource = t.text("source");
            t.finish();
            if ("anyres".equals(kind) && grids.isEmpty()) {
                t.problem("tile_grids", "an anyres policy needs at least one grid");
            }
            if (List.of("tiles", "slices").contains(kind) && maxTiles < 1) {
                t.problem("max_tiles", "a " + kind + " policy needs at least one tile");
            }
            if ("slices".equals(kind) && perView < 1) {
                t.problem("tokens_per_view", "a slices policy needs the resampler's query tokens per view");
            }
            if (POLICIES.contains(kind)) {
                policy = new TokenPolicy(TokenPolicy.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), maxTiles, grids,
                        minTokens, maxTokens, perView, policySource);
            }
        }
        v.finish();
        if (used > layers) {
            v.problem("layers_used", "cannot exceed num_layers (" + layers + ")");
        }
        if (patch > 0 && image % patch != 0) {
            v.problem("image_size", "must be a multiple of patch_size (" + patch + ")");
        }
        return new VisionSpec(name, source, layers, used, hidden, heads, inter, act, patch, image, cls, projector,
                policy, "gated".equals(mlp));
    }
}
