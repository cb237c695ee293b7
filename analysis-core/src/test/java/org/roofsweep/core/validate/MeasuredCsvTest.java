package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.core.config.ConfigException;
import org.roofsweep.core.model.KvCacheType;

class MeasuredCsvTest {
    private static final String HEADER = String.join(",", MeasuredCsv.COLUMNS) + "\n";
    private static final String URL = "https://example.org/post";

    @TempDir
    Path tmp;

    @Test
    void quotedFieldsKeepCommasDoubledQuotesAndLineBreaks() {
        // the second record starts on line 3: the first one's last quoted field spans lines 1 and 2
        assertEquals(List.of(new MeasuredCsv.Record(1, List.of("a", "b, c", "say \"hi\"", "two\nlines", "")),
                new MeasuredCsv.Record(3, List.of("next", ""))),
                MeasuredCsv.parse("t.csv", "a,\"b, c\",\"say \"\"hi\"\"\",\"two\nlines\",\r\nnext,\n"));
    }

    @Test
    void aStrayQuoteIsAnErrorNamingTheLine() {
        assertEquals("t.csv: line 2: a quote inside an unquoted field",
                assertThrows(ConfigException.class, () -> MeasuredCsv.parse("t.csv", "a,b\nRTX 4090 \"24GB\",x\n"))
                        .getMessage());
        assertEquals("t.csv: line 1: text after a closing quote",
                assertThrows(ConfigException.class, () -> MeasuredCsv.parse("t.csv", "\"a\"b,c\n")).getMessage());
        assertEquals("t.csv: line 2: a quoted field is not closed",
                assertThrows(ConfigException.class, () -> MeasuredCsv.parse("t.csv", "a\n\"b,c\n")).getMessage());
    }

    @Test
    void rowsMapByHeaderNameAndBlankCountsMeanNotStated() throws IOException {
        // columns in another order, without the optional notes and verification
        Path f = write("gpu_key,value,metric,gen_tokens,prompt_tokens,batch,quant,model,gpu,framework,source_url\n"
                + "rtx4090,149.37,tg_tok_s,,,1,Q4_0 (4.5 bpw),Llama-2-7B,RTX 4090 24GB,\"llama.cpp (CUDA, 2024)\","
                + URL + "\n\n"
                + ",2000,tg_tok_s,250,35,0,FP16,Llama-3-8B,A100 80GB SXM,TensorRT-LLM," + URL + "\n");
        List<MeasuredRow> rows = MeasuredCsv.read(f);
        assertEquals(List.of(
                new MeasuredRow(2, URL, "llama.cpp (CUDA, 2024)", "RTX 4090 24GB", "Llama-2-7B", "Q4_0 (4.5 bpw)", 1,
                        -1, -1, "tg_tok_s", 149.37, "rtx4090"),
                new MeasuredRow(4, URL, "TensorRT-LLM", "A100 80GB SXM", "Llama-3-8B", "FP16", 0, 35, 250, "tg_tok_s",
                        2000, "")), rows);
    }

    @Test
    void aMissingColumnIsAnError() throws IOException {
        Path f = write("source_url,gpu,model\n" + URL + ",RTX 4090,Llama-2-7B\n");
        String message = assertThrows(ConfigException.class, () -> MeasuredCsv.read(f)).getMessage();
        assertEquals(f + ": header: missing columns [framework, quant, batch, prompt_tokens, gen_tokens, metric, "
                + "value, gpu_key]", message);
    }

    @Test
    void everyRowWithABadNumberIsReportedAtOnceWithItsLine() throws IOException {
        Path f = write(HEADER
                + URL + ",llama.cpp,RTX 4090,Llama-2-7B,Q4_0,1,,,tg_tok_s,fast,,,rtx4090\n"
                + URL + ",llama.cpp,RTX 4090,Llama-2-7B,Q4_0,one,,,tg_tok_s,149.37,,,rtx4090\n"
                + URL + ",llama.cpp,RTX 4090,Llama-2-7B,Q4_0,1,,,tg_tok_s,149.37,\"two\nlines\",,rtx4090\n"
                + URL + ",llama.cpp,RTX 4090,Llama-2-7B,Q4_0,1,,,tg_tok_s,-149.37,,,rtx4090\n");
        ConfigException e = assertThrows(ConfigException.class, () -> MeasuredCsv.read(f));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertEquals(f + ": line 2: value: expected a positive decimal number such as 41.5, found \"fast\"",
                e.problems().get(0));
        assertEquals(f + ": line 3: batch: expected a whole number, found \"one\"", e.problems().get(1));
        // the good row on line 4 spans lines 4 and 5, so the negative value is on line 6
        assertEquals(f + ": line 6: value: expected a positive decimal number such as 41.5, found \"-149.37\"",
                e.problems().get(2));
    }

    @Test
    void anEmptyOrMissingFileIsAnError() throws IOException {
        Path empty = write("");
        assertTrue(assertThrows(ConfigException.class, () -> MeasuredCsv.read(empty)).getMessage()
                .endsWith(": empty file, expected a header with " + MeasuredCsv.COLUMNS));
        Path none = tmp.resolve("none.csv");
        assertEquals(none + ": file not found",
                assertThrows(ConfigException.class, () -> MeasuredCsv.read(none)).getMessage());
    }

    @Test
    void nonFiniteNegativeAndOddlyWrittenNumbersAreErrorsQuotingTheCell() throws IOException {
        String row = URL + ",llama.cpp,RTX 4090,Llama-2-7B,Q4_0,%s,,,tg_tok_s,%s,,,rtx4090\n";
        // Double.parseDouble takes each of these values; none is a figure as a source writes one
        List<String> values = List.of("NaN", "Infinity", "1e400", "0x1p7", "149.37d", "-0", "+149.37", " 1,5");
        StringBuilder text = new StringBuilder(HEADER);
        values.forEach(v -> text.append(String.format(row, "1", v.contains(",") ? "\"" + v + "\"" : v)));
        text.append(String.format(row, "2.0", "149.37")).append(String.format(row, "99999999999", "149.37"));
        ConfigException e = assertThrows(ConfigException.class, () -> MeasuredCsv.read(write(text.toString())));
        List<String> p = e.problems();
        assertEquals(10, p.size(), e.getMessage());
        assertTrue(p.get(0).endsWith("line 2: value: expected a positive decimal number such as 41.5, found \"NaN\""),
                p.get(0));
        assertTrue(p.get(2).endsWith("line 4: value: expected a positive, finite number, found 1e400"), p.get(2));
        assertTrue(p.get(3).endsWith("found \"0x1p7\""), p.get(3));
        assertTrue(p.get(5).endsWith("line 7: value: expected a positive, finite number, found -0")
                || p.get(5).endsWith("found \"-0\""), p.get(5));
        assertTrue(p.get(8).endsWith("line 10: batch: expected a whole number, found \"2.0\""), p.get(8));
        assertTrue(p.get(9).endsWith("line 11: batch: expected a whole number from 0 to 999999999, found "
                + "99999999999"), p.get(9));
    }

    @Test
    void aByteOrderMarkIsReadAndLatin1IsNamed() throws IOException {
        String good = HEADER + URL + ",llama.cpp,RTX 4090,Llama-2-7B caf\u00e9,Q4_0,1,,,tg_tok_s,149.37,,,rtx4090\n";
        Path f = tmp.resolve("bom.csv");
        Files.write(f, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, good.getBytes(UTF_8)));
        assertEquals("Llama-2-7B caf\u00e9", MeasuredCsv.read(f).get(0).model());
        Files.write(f, good.getBytes(ISO_8859_1));
        // the header is line 1; "caf\u00e9" is on line 2, its 0xE9 at the offset of the 'e' after "caf"
        int offset = good.indexOf("caf\u00e9") + 3;
        assertEquals(f + ": not UTF-8 text: byte 0xE9 at offset " + offset + " (line 2) is not valid UTF-8 (a "
                + "Latin-1 or Windows-1252 file?); save it as UTF-8",
                assertThrows(ConfigException.class, () -> MeasuredCsv.read(f)).getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Path write(String text) throws IOException {
        Path f = tmp.resolve("m.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theOptionalColumnsAreReadAndDefaultWhenBlankOrAbsent() throws IOException {
        Path f = tmp.resolve("extra.csv");
        Files.writeString(f, "source_url,framework,system,gpu,gpu_key,gpu_layers,cpu,cpu_key,model,model_key,quant,"
                + "batch,prompt_tokens,gen_tokens,images,image_size,host_memory_gib,threads,metric,value\n"
                + URL + ",llama.cpp,cpu-only,none,,,AMD Ryzen 9 7950X,r9_7950x,LLaMA-3.1-8B,llama3_1_8b,Q8_0,1,,128,,,"
                + "64,16,tg_tok_s,9.5\n"
                + URL + ",llama.cpp,,RTX 4090,rtx4090,20,,,LLaVA,,Q4_0,1,,,2,672x336,,,image_encode_ms,120\n");
        List<MeasuredRow> rows = MeasuredCsv.read(f);
        MeasuredRow cpu = rows.get(0);
        assertEquals("cpu-only", cpu.system());
        assertEquals("r9_7950x", cpu.cpuKey());
        assertEquals("llama3_1_8b", cpu.modelKey());
        assertEquals(64, cpu.hostMemoryGib());
        assertEquals(16, cpu.threads());
        assertEquals(-1, cpu.gpuLayers());
        MeasuredRow image = rows.get(1);
        // a blank system is dense-gpu
        assertEquals("dense-gpu", image.system());
        assertEquals(20, image.gpuLayers());
        assertEquals(2, image.images());
        assertEquals(672, image.imageWidth());
        assertEquals(336, image.imageHeight());
        assertTrue(Double.isNaN(image.hostMemoryGib()));
    }

    /** A {@code moe-offload} row states the layers whose experts stayed on the CPU; a blank is -1, the fewest that fit. */
    @Test
    void moeCpuLayersIsReadAndABlankMeansTheFewestThatFit() throws IOException {
        Path f = tmp.resolve("moe.csv");
        String row = URL + ",llama.cpp,moe-offload,RTX 4080,rtx4080,AMD Ryzen 9 7950X,r9_7950x,Qwen3-30B-A3B,"
                + "qwen3_30b_a3b,IQ4_XS,1,512,,pp_tok_s,900,";
        Files.writeString(f, "source_url,framework,system,gpu,gpu_key,cpu,cpu_key,model,model_key,quant,batch,"
                + "prompt_tokens,gen_tokens,metric,value,moe_cpu_layers\n" + row + "14\n" + row + "\n");
        List<MeasuredRow> rows = MeasuredCsv.read(f);
        assertEquals(14, rows.get(0).moeCpuLayers());
        assertEquals(-1, rows.get(1).moeCpuLayers());
    }

    @Test
    void anUnknownColumnAMetricOutsideTheListAndABadImageSizeAreErrorsNamingFileAndLine() throws IOException {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, HEADER.trim() + ",colour\n");
        assertTrue(assertThrows(ConfigException.class, () -> MeasuredCsv.read(f)).getMessage()
                .contains("header: unknown columns [colour]"));
        Files.writeString(f, HEADER.trim() + ",image_size\n" + URL + ",llama.cpp,RTX 4090,m,Q4_0,1,,,tok_s,1,,,,\n"
                + URL + ",llama.cpp,RTX 4090,m,Q4_0,1,,,image_encode_ms,1,,,,large\n");
        List<String> problems = assertThrows(ConfigException.class, () -> MeasuredCsv.read(f)).problems();
        assertTrue(problems.get(0).endsWith("bad.csv: line 2: metric: expected one of [tg_tok_s, pp_tok_s, e2e_tok_s, "
                + "ttft_s, tpot_ms, image_encode_ms], found \"tok_s\""), problems.toString());
        assertTrue(problems.get(1).endsWith("bad.csv: line 3: image_size: expected WxH, found \"large\""),
                problems.toString());
    }

    /** sweep-bench's N_KV, a K cache in q8_0 beside an F16 V (no FlashAttention), and the defaults when blank. */
    @Test
    void kvDepthFlashAttentionAndKvTypeAreReadAndDefaultWhenBlankOrAbsent() throws IOException {
        Path f = write(HEADER.trim() + ",kv_depth,flash_attn,kv_type\n"
                + URL + ",llama.cpp,none,m,Q4_0,1,512,,pp_tok_s,60.32,,,,8192,0,q8_0/f16\n"
                + URL + ",llama.cpp,none,m,Q4_0,1,,128,tg_tok_s,9.09,,,,8192,1,Q8_0\n"
                + URL + ",llama.cpp,none,m,Q4_0,1,512,,pp_tok_s,141.84,,,,,,\n");
        List<MeasuredRow> rows = MeasuredCsv.read(f);
        assertEquals(8192, rows.get(0).kvDepth());
        assertEquals(0, rows.get(0).flashAttention());
        assertEquals(new KvCacheType("q8_0", "f16"), rows.get(0).kvType());
        // 8 bits of K and 16 of V: 12 a cached element, as attention reads as many of each
        assertEquals(12, rows.get(0).kvType().meanBits());
        assertEquals(1, rows.get(1).flashAttention());
        assertEquals(new KvCacheType("q8_0", "q8_0"), rows.get(1).kvType());
        assertEquals(8, rows.get(1).kvType().meanBits());
        MeasuredRow blank = rows.get(2);
        assertEquals(0, blank.kvDepth());
        assertTrue(blank.emptyCache());
        assertEquals(MeasuredRow.FLASH_ATTENTION_UNSTATED, blank.flashAttention());
        assertTrue(blank.flashAttentionOn());
        assertEquals(KvCacheType.F16, blank.kvType());
        // a file without the columns reads as blank ones
        MeasuredRow old = MeasuredCsv.read(write(HEADER + URL + ",llama.cpp,none,m,Q4_0,1,512,,pp_tok_s,1,,,\n"))
                .get(0);
        assertEquals(List.of(0, MeasuredRow.FLASH_ATTENTION_UNSTATED, KvCacheType.F16),
                List.of(old.kvDepth(), old.flashAttention(), old.kvType()));
    }

    @Test
    void badDepthFlashAttentionAndKvTypeCellsAreErrorsNamingFieldFileAndLine() throws IOException {
        String row = URL + ",llama.cpp,none,m,Q4_0,1,512,,pp_tok_s,60.32,,,,%s,%s,%s\n";
        Path f = write(HEADER.trim() + ",kv_depth,flash_attn,kv_type\n" + String.format(row, "8k", "", "")
                + String.format(row, "-8192", "", "") + String.format(row, "8192", "yes", "")
                + String.format(row, "8192", "", "q5_1") + String.format(row, "8192", "", "q8_0/f16/f16")
                + String.format(row, "8192", "0", "q8_0") + String.format(row, "8192", "0", "q8_0/f16"));
        List<String> p = assertThrows(ConfigException.class, () -> MeasuredCsv.read(f)).problems();
        assertEquals(List.of(
                f + ": line 2: kv_depth: expected a whole number, found \"8k\"",
                f + ": line 3: kv_depth: expected a whole number, found \"-8192\"",
                f + ": line 4: flash_attn: expected 0, 1 or blank, found \"yes\"",
                f + ": line 5: kv_type: expected one of [f16, q8_0, q4_0] or K/V such as q8_0/f16, found \"q5_1\"",
                f + ": line 6: kv_type: expected one of [f16, q8_0, q4_0] or K/V such as q8_0/f16, found "
                        + "\"q8_0/f16/f16\"",
                f + ": line 7: kv_type: a quantized V cache (\"q8_0\") with flash_attn 0; llama.cpp quantizes V only "
                        + "under FlashAttention (write K/V, e.g. q8_0/f16)"), p);
    }

    /** PowerInfer's {@code --vram-budget} in GiB: 12, 0 (nothing on the GPU), blank (the fork's default). */
    @Test
    void vramBudgetIsReadInGibAndBlankMeansTheForksDefault() throws IOException {
        String row = URL + ",PowerInfer,rtx3060_12gb,m,F16,1,5,178,tg_tok_s,4.92,,,rtx3060_12gb,powerinfer,%s\n";
        List<MeasuredRow> rows = MeasuredCsv.read(write(HEADER.trim() + ",system,vram_budget_gib\n"
                + String.format(row, "12") + String.format(row, "0") + String.format(row, "")));
        assertEquals(12, rows.get(0).vramBudgetGib());
        assertEquals(0, rows.get(1).vramBudgetGib());
        assertTrue(Double.isNaN(rows.get(2).vramBudgetGib()));
        // a file without the column reads as a blank one
        assertTrue(Double.isNaN(MeasuredCsv.read(write(HEADER + URL + ",llama.cpp,none,m,Q4_0,1,512,,pp_tok_s,1,,,\n"))
                .get(0).vramBudgetGib()));
    }

    @Test
    void aBadVramBudgetIsAnErrorNamingFieldFileAndLine() throws IOException {
        String row = URL + ",PowerInfer,rtx3060_12gb,m,F16,1,5,178,tg_tok_s,4.92,,,rtx3060_12gb,powerinfer,%s\n";
        Path f = write(HEADER.trim() + ",system,vram_budget_gib\n" + String.format(row, "12GB")
                + String.format(row, "-1"));
        String expected = ": vram_budget_gib: expected 0 or a positive decimal number such as 12, found ";
        assertEquals(List.of(f + ": line 2" + expected + "\"12GB\"", f + ": line 3" + expected + "\"-1\""),
                assertThrows(ConfigException.class, () -> MeasuredCsv.read(f)).problems());
    }

    /** llama-bench's {@code n_ubatch} and {@code mmap}: read as stated, blank or absent the runtime's defaults. */
    @Test
    void ubatchAndMmapAreReadAndBlankMeansTheDefaults() throws IOException {
        String row = URL + ",llama.cpp,rtx4090,m,Q4_0,1,2048,,pp_tok_s,1000,,,rtx4090,layer-offload,%s,%s\n";
        List<MeasuredRow> rows = MeasuredCsv.read(write(HEADER.trim() + ",system,ubatch,mmap\n"
                + String.format(row, "2048", "0") + String.format(row, "", "1") + String.format(row, "", "")));
        assertEquals(2048, rows.get(0).ubatchTokens());
        assertEquals(0, rows.get(0).mmap());
        assertEquals(MeasuredRow.UBATCH_UNSTATED, rows.get(1).ubatchTokens());
        assertEquals(1, rows.get(1).mmap());
        assertEquals(MeasuredRow.MMAP_UNSTATED, rows.get(2).mmap());
        Path f = write(HEADER.trim() + ",system,ubatch,mmap\n" + String.format(row, "0", "")
                + String.format(row, "", "2"));
        assertEquals(List.of(f + ": line 2: ubatch: expected a whole number from 1 to 999999999, found 0",
                f + ": line 3: mmap: expected 0, 1 or blank, found \"2\""),
                assertThrows(ConfigException.class, () -> MeasuredCsv.read(f)).problems());
    }
}
