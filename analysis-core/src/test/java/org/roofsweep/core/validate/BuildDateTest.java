package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildDateTest {
    @Test
    void monthsPartsOfYearsAndIsoDatesDateABuild() {
        assertEquals(Optional.of(LocalDate.of(2024, 5, 1)), BuildDate.of("llama.cpp (CUDA/Metal, ~May 2024)"));
        assertEquals(Optional.of(LocalDate.of(2024, 3, 1)), BuildDate.of("llama.cpp (CUDA/Metal, early 2024)"));
        assertEquals(Optional.of(LocalDate.of(2023, 9, 1)), BuildDate.of("llama.cpp Metal (llama-bench, Sep 2023)"));
        assertEquals(Optional.of(LocalDate.of(2024, 6, 23)), BuildDate.of("llama.cpp CUDA (2024-06-23)"));
    }

    @Test
    void buildHashesAndVersionsLeaveARowUndated() {
        assertEquals(Optional.empty(), BuildDate.of("llama.cpp (llama-bench, build 93bc3839)"));
        assertEquals(Optional.empty(), BuildDate.of("MLC LLM (CUDA 12.1, 4-bit)"));
    }
}
