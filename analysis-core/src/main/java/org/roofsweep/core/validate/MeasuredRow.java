package org.roofsweep.core.validate;

/**
 * One row of a measurement CSV ({@code source_url, framework, gpu, model, quant, batch, prompt_tokens, gen_tokens,
 * metric, value, notes, verification, gpu_key}). Blank token counts are -1; a batch of 0 means "not stated".
 */
public record MeasuredRow(int line, String sourceUrl, String framework, String gpu, String model, String quant,
        int batch, int promptTokens, int genTokens, String metric, double value, String gpuKey) {
}
