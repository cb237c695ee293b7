package org.roofsweep.core.model;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bits per weight at which a GGUF file stores its output (LM head) tensor, and its token embedding, when the
 * deployment's format names a file of one block type. llama.cpp's quantizer does not write {@code output.weight} at
 * the file's type: {@code llama_tensor_get_type_impl} (src/llama-quant.cpp at ggml-org/llama.cpp 007dbbf3f, the
 * {@code category == tensor_category::OUTPUT} branch) makes it Q8_0 for Falcon or a row length that is no multiple
 * of the type's block, Q5_K for the IQ1/IQ2/IQ3_XXS types, and Q6_K for every other type but Q8_0; a tied model
 * ({@code qs.has_tied_embeddings}) stores its one shared tensor by that rule, and an untied token embedding keeps the
 * file's type for the types listed here. PowerInfer's fork has the same rule for the output tensor
 * ({@code get_k_quant_type}, llama.cpp lines 9030-9038 at SJTU-IPADS/PowerInfer d3ebd7c5, called for every
 * quantized type at lines 9276-9280). F16 files come from the converter, not the quantizer, and keep F16.
 *
 * <p>Formats whose bits in {@code configs/quantization.json} are a stated file mean ({@code q4_k_m} at 4.8 bpw,
 * {@code q4_k_s} at 4.67) already count the head and are left as they are, as are formats of other runtimes (GPTQ,
 * AWQ, MXFP4's MoE files) and ik_llama.cpp's types. Falcon's Q8_0 head is not applied: a model file names no
 * architecture.
 */
public final class OutputTensorFormat {
    /** ggml's block_q6_K: 210 bytes per 256 weights (ggml-common.h). */
    static final double Q6_K_BITS = 6.5625;
    /** Block types whose files the quantizer writes with a Q6_K output tensor (the rule above). */
    private static final Set<String> Q6_K_HEAD = Set.of("q4_0", "q4_1", "q5_0", "q5_1", "q2_k", "q3_k", "q4_k",
            "q5_k", "iq4_nl", "iq4_xs", "iq3_s");
    /** The leading format token of a name as sources write it ("Q4_0 (4.5 bpw, 3.56 GiB)" -> "q4_0"). */
    private static final Pattern LEADING = Pattern.compile("^([a-z0-9_]+)");

    private OutputTensorFormat() {
    }

    /** Bits per weight of the output tensor: Q6_K's for the block types above, else the deployment's. */
    public static double headBits(Precision p) {
        Matcher lead = LEADING.matcher(p.format());
        return lead.find() && Q6_K_HEAD.contains(lead.group(1)) ? Q6_K_BITS : p.weightBits();
    }

    /** Bits per weight of the token embedding: a tied model's shared tensor is the output tensor. */
    public static double embeddingBits(ModelSpec m, Precision p) {
        return m.tiedEmbeddings() ? headBits(p) : p.weightBits();
    }
}
