package org.roofsweep.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.config.JsonFiles;

/**
 * Reads a Hugging Face {@code config.json} directly into a {@link ModelSpec}. Fields the cost model does not use are
 * ignored (HF configs carry dozens); the ones it needs must be present or have the library's documented default.
 * Supported architectures: Llama, Mistral, Mixtral, Qwen2/2.5, Qwen3 (dense and MoE), Qwen2-MoE, Phi-3/4, Gemma 2/3
 * (text), gpt-oss, DeepSeek-V2/V3, OPT, Falcon, LLaVA-1.5, LLaVA-NeXT and Pixtral; MiniCPM-V, InternVL and MobileVLM
 * through {@link HfVisionImporter}. MoE, sliding-window and MLA fields are read by {@link HfArchitecture}, which also
 * lists what the operator graph leaves out.
 */
public final class HfConfigImporter {
    private static final List<String> SUPPORTED = List.of("LlamaForCausalLM", "MistralForCausalLM",
            "MixtralForCausalLM", "Qwen2ForCausalLM", "OPTForCausalLM", "FalconForCausalLM", "RWForCausalLM",
            "LlavaForConditionalGeneration", "LlavaNextForConditionalGeneration", "Gemma2ForCausalLM",
            "Gemma3ForCausalLM", "Qwen3ForCausalLM", "Qwen3MoeForCausalLM", "Qwen2MoeForCausalLM", "Phi3ForCausalLM",
            "GptOssForCausalLM", "DeepseekV2ForCausalLM", "DeepseekV3ForCausalLM", "MiniCPMV", "InternVLChatModel",
            "MobileLlamaForCausalLM");

    private HfConfigImporter() {
    }

    public static ModelSpec read(Path file, String key) {
        return parse(file.toString(), JsonFiles.read(file), key);
    }

    public static ModelSpec parse(String file, JsonNode root, String key) {
        Reader r = new Reader(file, root, "$");
        String arch = architecture(file, root);
        ModelSpec m;
        switch (arch) {
            case "OPTForCausalLM" -> m = opt(r, key);
            case "FalconForCausalLM", "RWForCausalLM" -> m = falcon(r, key);
            case "LlavaForConditionalGeneration", "LlavaNextForConditionalGeneration" -> m = llava(r, key, arch);
            case "MiniCPMV" -> m = HfVisionImporter.miniCpmV(r, key);
            case "InternVLChatModel" -> m = HfVisionImporter.internVl(r, key);
            case "MobileLlamaForCausalLM" -> m = HfVisionImporter.mobileVlm(r, key);
            default -> m = llamaLike(r, key, arch);
        }
        r.throwIfAny();
        return m;
    }

    private static String architecture(String file, JsonNode root) {
        JsonNode a = root.path("architectures");
        if (!a.isArray() || a.isEmpty() || !a.get(0).isTextual()) {
            throw new ConfigException(file + ": $.architectures: missing; expected e.g. [\"LlamaForCausalLM\"]");
        }
        String arch = a.get(0).asText();
        if (!SUPPORTED.contains(arch)) {
            throw new ConfigException(file + ": $.architectures[0]: unsupported architecture \"" + arch
                    + "\" (supported: " + String.join(", ", SUPPORTED) + ")");
        }
        return arch;
    }

    static ModelSpec llamaLike(Reader r, String key, String arch) {
        int hidden = r.integer("hidden_size", -1);
        int heads = r.integer("num_attention_heads", -1);
        int kv = r.integer("num_key_value_heads", heads);
        int headDim = r.integer("head_dim", heads > 0 ? hidden / heads : 0);
        int layers = r.integer("num_hidden_layers", -1);
        MoeSpec moe = HfArchitecture.moe(r, arch, layers);
        AttentionLayout attention = HfArchitecture.attention(r, arch, layers);
        if (attention.mla() != null) {
            headDim = attention.mla().qkHeadDim();
        }
        int inter = moe.isMoe() && r.has("moe_intermediate_size") ? r.integer("moe_intermediate_size", -1)
                : r.integer("intermediate_size", -1);
        Activation act = r.activation(r.has("hidden_activation") ? "hidden_activation" : "hidden_act", "silu");
        return new ModelSpec(key, key, List.of(), r.text("_name_or_path", key), "Hugging Face config.json: " + r.file,
                hidden, inter, layers, heads, kv, headDim, r.integer("vocab_size", -1),
                r.integer("max_position_embeddings", -1), act, true,
                r.bool("tie_word_embeddings", arch.startsWith("Gemma")), moe, null, null, false, attention);
    }

    private static ModelSpec opt(Reader r, String key) {
        int hidden = r.integer("hidden_size", -1);
        int heads = r.integer("num_attention_heads", -1);
        return new ModelSpec(key, key, List.of(), r.text("_name_or_path", key), "Hugging Face config.json: " + r.file,
                hidden, r.integer("ffn_dim", -1), r.integer("num_hidden_layers", -1), heads, heads,
                heads > 0 ? hidden / heads : 0, r.integer("vocab_size", -1),
                r.integer("max_position_embeddings", 2048), r.activation("activation_function", "relu"), false,
                r.bool("tie_word_embeddings", true), MoeSpec.DENSE, null, null, false);
    }

    private static ModelSpec falcon(Reader r, String key) {
        int hidden = r.integer("hidden_size", -1);
        int heads = r.integer(r.has("num_attention_heads") ? "num_attention_heads" : "n_head", -1);
        boolean newArch = r.bool("new_decoder_architecture", false);
        int kv = newArch ? r.integer(r.has("num_kv_heads") ? "num_kv_heads" : "n_head_kv", 1)
                : (r.bool("multi_query", true) ? 1 : heads);
        return new ModelSpec(key, key, List.of(), r.text("_name_or_path", key), "Hugging Face config.json: " + r.file,
                hidden, r.integer("ffn_hidden_size", 4 * Math.max(hidden, 0)),
                r.integer(r.has("num_hidden_layers") ? "num_hidden_layers" : "n_layer", -1), heads, kv,
                heads > 0 ? hidden / heads : 0, r.integer("vocab_size", -1), r.integer("max_position_embeddings", 2048),
                r.activation("activation", "gelu"), false, r.bool("tie_word_embeddings", true), MoeSpec.DENSE, null,
                null, false);
    }

    /** LLaVA: a Llama/Mistral text model and a CLIP vision tower, joined by the mlp2x_gelu projector. */
    private static ModelSpec llava(Reader r, String key, String arch) {
        Reader t = r.child("text_config");
        Reader v = r.child("vision_config");
        ModelSpec text = llamaLike(t, key, "LlamaForCausalLM");
        if ("pixtral".equals(v.text("model_type", ""))) {
            return HfVisionImporter.withVision(text, HfVisionImporter.pixtral(r, key, text.hiddenSize()),
                    List.of("the Pixtral vision tower's 2D RoPE: not in the graph"));
        }
        int vLayers = v.integer("num_hidden_layers", -1);
        int select = r.integer("vision_feature_layer", -2);
        int used = select < 0 ? vLayers + 1 + select : select;
        int vHidden = v.integer("hidden_size", -1);
        int image = v.integer("image_size", -1);
        TokenPolicy policy = new TokenPolicy(TokenPolicy.Kind.FIXED, 0, List.of(), 0, 0, "fixed: " + arch);
        if (arch.startsWith("LlavaNext")) {
            List<int[]> grids = new ArrayList<>();
            for (JsonNode g : r.node.path("image_grid_pinpoints")) {
                grids.add(new int[] {g.get(1).asInt() / Math.max(image, 1), g.get(0).asInt() / Math.max(image, 1)});
            }
            int tiles = grids.stream().mapToInt(g -> g[0] * g[1]).max().orElse(0);
            policy = new TokenPolicy(TokenPolicy.Kind.ANYRES, tiles, grids, 0, 0, "image_grid_pinpoints: " + r.file);
        }
        ProjectorSpec projector = new ProjectorSpec(r.text("projector_hidden_act", "gelu") + " mlp2x", vHidden,
                text.hiddenSize(), text.hiddenSize(), 1, "Hugging Face config.json: " + r.file);
        VisionSpec vision = new VisionSpec("vision_config of " + key, "Hugging Face config.json: " + r.file, vLayers,
                used, vHidden, v.integer("num_attention_heads", -1), v.integer("intermediate_size", -1),
                v.activation("hidden_act", "quick_gelu"), v.integer("patch_size", -1), image, true, projector, policy);
        return new ModelSpec(key, key, List.of(), r.text("_name_or_path", key), text.source(), text.hiddenSize(),
                text.intermediateSize(), text.numLayers(), text.numAttentionHeads(), text.numKvHeads(),
                text.headDim(), text.vocabSize(), text.maxContext(), text.activation(), true, text.tiedEmbeddings(),
                MoeSpec.DENSE, null, vision, false);
    }

    /** Lenient reader of one HF config object: unknown fields are fine, missing required ones are collected. */
    static final class Reader {
        final String file;
        final JsonNode node;
        private final String path;
        private final List<String> problems;

        Reader(String file, JsonNode node, String path) {
            this(file, node, path, new ArrayList<>());
        }

        private Reader(String file, JsonNode node, String path, List<String> problems) {
            this.file = file;
            this.node = node;
            this.path = path;
            this.problems = problems;
        }

        Reader child(String field) {
            JsonNode c = node.path(field);
            if (!c.isObject()) {
                problems.add(file + ": " + path + "." + field + ": missing required object");
            }
            return new Reader(file, c, path + "." + field, problems);
        }

        boolean has(String field) {
            return node.has(field) && !node.get(field).isNull();
        }

        /**
         * A whole number other than 0 ({@code vision_feature_layer} may be 0; negative numbers pass, as that field
         * counts layers from the end); {@code fallback} < 0 means required.
         */
        int integer(String field, int fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (fallback < 0) {
                    problems.add(file + ": " + path + "." + field + ": missing required field");
                    return 1;
                }
                return fallback;
            }
            if (!v.canConvertToInt() || (!v.isIntegralNumber()) || (v.asInt() == 0 && !field.equals("vision_feature_layer"))) {
                problems.add(file + ": " + path + "." + field + ": expected a whole number, found " + v);
                return 1;
            }
            return v.asInt();
        }

        boolean bool(String field, boolean fallback) {
            JsonNode v = node.get(field);
            return v == null || !v.isBoolean() ? fallback : v.asBoolean();
        }

        String text(String field, String fallback) {
            JsonNode v = node.get(field);
            return v == null || !v.isTextual() || v.asText().isBlank() ? fallback : v.asText();
        }

        Activation activation(String field, String fallback) {
            String a = text(field, fallback).toLowerCase(Locale.ROOT);
            return switch (a) {
                case "silu", "swish" -> Activation.SILU;
                case "gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> Activation.GELU;
                case "quick_gelu" -> Activation.QUICK_GELU;
                case "relu" -> Activation.RELU;
                case "relu2" -> Activation.RELU2;
                default -> {
                    problems.add(file + ": " + path + "." + field + ": unsupported activation \"" + a + "\"");
                    yield Activation.SILU;
                }
            };
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
