package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.TestCatalogs;

/**
 * Prompt eval with image tokens: a source's prompt length counts the image tokens (llama.cpp's {@code prompt eval
 * time = ... / N tokens} evaluates LLaVA's 576 image embeddings as prompt tokens), and the summary gives such rows
 * lines of their own.
 */
class ImagePromptValidationTest {
    private static final String HEADER = "source_url,framework,system,gpu,gpu_key,gpu_layers,cpu,cpu_key,model,"
            + "model_key,quant,batch,prompt_tokens,gen_tokens,images,image_size,host_memory_gib,threads,metric,value,"
            + "notes,verification,memory_mt_per_s,moe_cpu_layers";

    @TempDir
    Path dir;

    /**
     * LLaVA-1.5-7B on an RTX 4090, 616 prompt tokens evaluated at a measured 5000 tok/s, once with one 336x336 image
     * and once as text. The image is (336 / 14)^2 = 576 tokens, so the first row's text is 616 - 576 = 40 tokens, and
     * both rows put the same 616 tokens through the language model: the same predicted rate. Counted twice (616 text
     * tokens plus 576 image tokens, divided by 616), the image row would be predicted at about half the text row's.
     */
    @Test
    void aPromptWithAnImageCountsItsImageTokensOnce() throws IOException {
        List<Validation.Prediction> ps = Validation.run(MeasuredCsv.read(csv()), TestCatalogs.CATALOGS).predictions();
        assertEquals(2, ps.size());
        assertEquals(1, ps.get(0).workload().images());
        assertEquals(40, ps.get(0).workload().promptTokens());
        assertEquals(616, ps.get(1).workload().promptTokens());
        assertEquals(ps.get(1).predicted(), ps.get(0).predicted(), ps.get(1).predicted() * 0.01);
    }

    /** The summary's pp_tok_s lines hold both rows; its pp_tok_s+images lines only the row with the image. */
    @Test
    void rowsWithImagesGetSummaryLinesOfTheirOwn() throws IOException {
        List<ErrorSummary> summary = ErrorSummary.of(
                Validation.run(MeasuredCsv.read(csv()), TestCatalogs.CATALOGS).predictions());
        assertEquals(2, line(summary, "pp_tok_s", "all").rows());
        assertEquals(1, line(summary, "pp_tok_s" + ErrorSummary.WITH_IMAGES, "all").rows());
        assertEquals(1, line(summary, "pp_tok_s" + ErrorSummary.WITH_IMAGES, "cuda").rows());
    }

    private static ErrorSummary line(List<ErrorSummary> summary, String metric, String backend) {
        return summary.stream().filter(e -> e.metric().equals(metric) && e.engine().equals(ErrorSummary.ALL)
                && e.backend().equals(backend)).findFirst().orElseThrow();
    }

    private Path csv() throws IOException {
        String row = "https://example.org/llava,\"llama.cpp llava-cli (CUDA)\",dense-gpu,NVIDIA RTX 4090,rtx4090,,,,"
                + "LLaVA-1.5-7B,llava_1_5_7b,Q4_0,1,616,,%s,%s,,,pp_tok_s,5000,test row,read_in_retrieved_text,,";
        Path f = dir.resolve("images.csv");
        Files.writeString(f, HEADER + "\n" + String.format(row, "1", "336x336") + "\n" + String.format(row, "", "")
                + "\n");
        return f;
    }
}
