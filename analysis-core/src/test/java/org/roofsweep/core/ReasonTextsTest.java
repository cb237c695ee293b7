package org.roofsweep.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonTextsTest {
    private static final ReasonTexts.Builder<String> IMAGES = (model, n) -> "model " + model + " has " + n + " images";

    @Test
    void aKeyGetsTheSameInstanceEveryTime() {
        ReasonTexts texts = new ReasonTexts(16);
        String model = "llama2_7b";
        String first = texts.text(model, 4, IMAGES);
        assertEquals("model llama2_7b has 4 images", first);
        assertSame(first, texts.text(model, 4, IMAGES));
        assertEquals("model llama2_7b has 1 images", texts.text(model, 1, IMAGES));
        assertSame(first, texts.text(model, 4, IMAGES), "another key beside it leaves the first one's entry");
    }

    @Test
    void keysCompareByIdentityNotContent() {
        ReasonTexts texts = new ReasonTexts(16);
        String a = new String("m");
        String b = new String("m");
        String ofA = texts.text(a, 1, IMAGES);
        String ofB = texts.text(b, 1, IMAGES);
        assertEquals(ofA, ofB);
        assertNotSame(ofA, ofB, "two catalog records of the same content are two keys");
        assertSame(ofA, texts.text(a, 1, IMAGES));
    }

    @Test
    void aFullTableStillGivesTheRightTexts() {
        // 8 slots, 100 keys: the table holds at most 8 of them; every text is still built from its own key
        ReasonTexts texts = new ReasonTexts(ReasonTexts.PROBES);
        List<String> models = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            models.add("m" + i);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 100; i++) {
                assertEquals("model m" + i + " has " + i + " images", texts.text(models.get(i), i, IMAGES));
            }
        }
    }

    @Test
    void keysWhoseLowBitsAreZeroSpreadOverTheTable() {
        // 1,000 values of one record, each a count shifted past 24 zero bits (a packed key), in 4,096 slots: a hash
        // that left those bits out would reach a few dozen slots and keep at most that many entries; spread, nearly
        // every key keeps its own (a key whose 8 slots are all taken replaces one: rare at a quarter full)
        ReasonTexts texts = new ReasonTexts(4096);
        String model = "m";
        List<String> first = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            first.add(texts.text(model, i << 24, IMAGES));
        }
        int kept = 0;
        for (int i = 0; i < 1000; i++) {
            kept += first.get(i) == texts.text(model, (long) i << 24, IMAGES) ? 1 : 0;
        }
        assertTrue(kept >= 990, kept + " of 1,000 kept");
    }

    @Test
    void refusesATableThatIsNotAPowerOfTwoOfAtLeastTheProbes() {
        assertThrows(IllegalArgumentException.class, () -> new ReasonTexts(12));
        assertThrows(IllegalArgumentException.class, () -> new ReasonTexts(4));
    }
}
