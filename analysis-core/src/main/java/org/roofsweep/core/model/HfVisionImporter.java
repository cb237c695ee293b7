package org.roofsweep.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The vision-language architectures of Hugging Face {@code config.json} files beyond LLaVA: MiniCPM-V
 * ({@code MiniCPMV}: a Qwen2 body, a SigLIP {@code vision_config}, the perceiver resampler and slicing), InternVL
 * ({@code InternVLChatModel}: {@code llm_config} + InternViT {@code vision_config}, pixel shuffle and dynamic tiles),
 * Pixtral (transformers' LLaVA port with a {@code pixtral} vision config: native resolution, one break token per row)
 * and MobileVLM ({@code MobileLlamaForCausalLM}, whose config names its CLIP tower without its dimensions: the text
 * body is imported and the tower reported as left out). Missing fields take the library's documented default where
 * one exists; what the graph leaves out is listed in the model's {@code unmodelled}.
 */
final class HfVisionImporter {
    private HfVisionImporter() {
    }

    /** MiniCPM-V 2.x: top-level Qwen2 text fields, {@code query_num}, {@code slice_config.max_slice_nums}. */
    static ModelSpec miniCpmV(HfConfigImporter.Reader r, String key) {
        ModelSpec text = HfConfigImporter.llamaLike(r, key, "Qwen2ForCausalLM");
        HfConfigImporter.Reader v = r.child("vision_config");
        int layers = v.integer("num_hidden_layers", -1);
        int used = r.bool("drop_vision_last_layer", false) ? layers - 1 : layers;
        int slices = r.bool("slice_mode", true) ? r.child("slice_config").integer("max_slice_nums", 9) : 1;
        int patch = v.integer("patch_size", -1);
        TokenPolicy policy = new TokenPolicy(TokenPolicy.Kind.SLICES, slices, List.of(), 0, 0,
                r.integer("query_num", -1), "slice_config and query_num of " + r.file);
        ProjectorSpec projector = new ProjectorSpec(ProjectorSpec.RESAMPLER, v.integer("hidden_size", -1),
                text.hiddenSize(), text.hiddenSize(), 1, "resampler: vision_config.hidden_size -> hidden_size");
        VisionSpec vision = new VisionSpec("vision_config of " + key, "Hugging Face config.json: " + r.file, layers,
                used, v.integer("hidden_size", -1), v.integer("num_attention_heads", -1),
                v.integer("intermediate_size", -1), v.activation("hidden_act", "gelu_pytorch_tanh"), patch,
                r.integer("image_size", 448), false, projector, policy);
        return withVision(text, vision, List.of("the special tokens around each image view: not counted",
                "each view is charged (image_size/patch)^2 patches, whatever its resized shape"));
    }

    /** InternVL 1.5-2.5: {@code llm_config}, {@code vision_config}, {@code downsample_ratio}, dynamic tiles. */
    static ModelSpec internVl(HfConfigImporter.Reader r, String key) {
        HfConfigImporter.Reader llm = r.child("llm_config");
        String llmArch = llm.node.path("architectures").path(0).asText("LlamaForCausalLM");
        ModelSpec text = HfConfigImporter.llamaLike(llm, key, llmArch);
        HfConfigImporter.Reader v = r.child("vision_config");
        int layers = v.integer("num_hidden_layers", -1);
        int select = r.has("select_layer") ? r.integer("select_layer", 0) : -1;
        int merge = (int) Math.round(1 / r.node.path("downsample_ratio").asDouble(0.5));
        int vHidden = v.integer("hidden_size", -1);
        int tiles = r.bool("dynamic_image_size", false) ? r.integer("max_dynamic_patch", 6) : 1;
        TokenPolicy policy = new TokenPolicy(TokenPolicy.Kind.TILES, tiles, List.of(), 0, 0,
                "max_dynamic_patch and use_thumbnail of " + r.file);
        ProjectorSpec projector = new ProjectorSpec("pixel_shuffle_mlp", vHidden * merge * merge, text.hiddenSize(),
                text.hiddenSize(), merge, "mlp1 over pixel-shuffled patches (downsample_ratio of " + r.file + ")");
        VisionSpec vision = new VisionSpec("vision_config of " + key, "Hugging Face config.json: " + r.file, layers,
                select < 0 ? layers + 1 + select : select, vHidden, v.integer("num_attention_heads", -1),
                v.integer("intermediate_size", -1), v.activation("hidden_act", "gelu"), v.integer("patch_size", -1),
                r.integer("force_image_size", v.integer("image_size", -1)), true, projector, policy);
        List<String> left = new ArrayList<>(List.of("the <img> and </img> tokens around each image: not counted"));
        if (!r.bool("use_thumbnail", true)) {
            left.add("use_thumbnail false: the graph still adds the thumbnail view to multi-tile images");
        }
        return withVision(text, vision, left);
    }

    /**
     * Pixtral in transformers' LLaVA port, its images sized as llama.cpp's mtmd sizes them: the vision config's
     * fields default to PixtralVisionConfig's (1024 hidden, 24 layers, 16 heads, 4096 MLP, 16 px patches, 1024 px
     * images); its MLP is gated (PixtralMLP).
     */
    static VisionSpec pixtral(HfConfigImporter.Reader r, String key, int textHidden) {
        HfConfigImporter.Reader v = r.child("vision_config");
        int hidden = v.integer("hidden_size", 1024);
        ProjectorSpec projector = new ProjectorSpec(r.text("projector_hidden_act", "gelu") + " mlp2x", hidden,
                textHidden, textHidden, 1, "Hugging Face config.json: " + r.file);
        // the token bounds are not in config.json: llama.cpp's mtmd sets 8 .. 1024 patches for every Pixtral
        // (clip.cpp set_limit_image_tokens(8, 1024) at ggml-org/llama.cpp 04f6fef)
        TokenPolicy policy = new TokenPolicy(TokenPolicy.Kind.ROWS, 0, List.of(), 8, 1024,
                "smart resize within mtmd's 8 .. 1024 patches, one [IMG_BREAK] per row: " + r.file);
        int layers = v.integer("num_hidden_layers", 24);
        int select = r.has("vision_feature_layer") ? r.integer("vision_feature_layer", 0) : -1;
        return new VisionSpec("vision_config of " + key, "Hugging Face config.json: " + r.file, layers,
                select < 0 ? layers + 1 + select : select, hidden, v.integer("num_attention_heads", 16),
                v.integer("intermediate_size", 4096), v.activation("hidden_act", "gelu"), v.integer("patch_size", 16),
                v.integer("image_size", 1024), false, projector, policy, true);
    }

    /** MobileVLM: the MobileLLaMA text body; {@code mm_vision_tower} names a CLIP tower whose shape is elsewhere. */
    static ModelSpec mobileVlm(HfConfigImporter.Reader r, String key) {
        ModelSpec text = HfConfigImporter.llamaLike(r, key, "LlamaForCausalLM");
        String tower = r.text("mm_vision_tower", "a vision tower");
        return withVision(text, null, List.of("the vision tower " + tower + " and the " + r.text("mm_projector_type",
                "ldpnet") + " projector: config.json does not carry their dimensions, so images are not modelled "
                + "for this import (the catalog's mobilevlm models have them)"));
    }

    /** {@code text} with {@code vision} joined and {@code more} added to what the graph leaves out. */
    static ModelSpec withVision(ModelSpec text, VisionSpec vision, List<String> more) {
        AttentionLayout a = text.attention();
        List<String> unmodelled = new ArrayList<>(a.unmodelled());
        unmodelled.addAll(more);
        return new ModelSpec(text.key(), text.name(), text.aliases(), text.hfRepo(), text.source(), text.hiddenSize(),
                text.intermediateSize(), text.numLayers(), text.numAttentionHeads(), text.numKvHeads(),
                text.headDim(), text.vocabSize(), text.maxContext(), text.activation(), text.gatedMlp(),
                text.tiedEmbeddings(), text.moe(), text.sparsity(), vision, text.hypothetical(),
                new AttentionLayout(a.slidingWindow(), a.slidingLayers(), a.mla(), unmodelled));
    }
}
