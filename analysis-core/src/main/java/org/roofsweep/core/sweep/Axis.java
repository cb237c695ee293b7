package org.roofsweep.core.sweep;

/** Names of the sweep axes, in grid order: the first varies slowest (so partition columns come first). */
public enum Axis {
    PLATFORMS("platforms"),
    MODELS("models"),
    HOST_MEMORY_GIB("host_memory_gib"),
    SYSTEMS("systems"),
    WEIGHT_BITS("weight_bits"),
    KV_BITS("kv_bits"),
    ACTIVATION_BITS("activation_bits"),
    BATCH_SIZES("batch_sizes"),
    PROMPT_TOKENS("prompt_tokens"),
    GENERATED_TOKENS("generated_tokens"),
    SPARSITY("sparsity"),
    IMAGES("images"),
    IMAGE_RESOLUTIONS("image_resolutions"),
    GPU_LAYERS("gpu_layers"),
    MOE_CPU_LAYERS("moe_cpu_layers"),
    KV_OFFLOAD("kv_offload"),
    CONTEXT_SIZE("context_size"),
    IMAGE_SPARSITY("image_sparsity"),
    TOKEN_CORRELATION("token_correlation"),
    IMAGE_TOKEN_KEEP("image_token_keep"),
    PRUNE_AFTER_LAYER("prune_after_layer"),
    HOST_BANDWIDTH_GB_S("host_bandwidth_gb_s"),
    KV_DEPTH("kv_depth");

    private final String json;

    Axis(String json) {
        this.json = json;
    }

    /** The axis name in sweep configs. */
    public String json() {
        return json;
    }
}
