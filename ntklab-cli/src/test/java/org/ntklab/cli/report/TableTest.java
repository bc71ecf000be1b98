package org.ntklab.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsTextLeftAndNumbersRight() {
        String text = new Table("kernel", "n", "lambda_min")
                .row("analytic Theta", 6, 1.7755)
                .row("K", 600, 0.000012345)
                .toText();
        assertEquals("""
                kernel            n  lambda_min
                analytic Theta    6       1.776
                K               600   1.235e-05
                """, text);
    }

    @Test
    void numberFormatting() {
        assertEquals("0", Table.number(0));
        assertEquals("6", Table.number(6.0));
        assertEquals("0.04943", Table.number(0.049430566));
        assertEquals("51.86", Table.number(51.860480269));
        assertEquals("1.235e+04", Table.number(12345.6));
        assertEquals("-3.000e-09", Table.number(-3e-9));
        assertEquals("NaN", Table.number(Double.NaN));
    }

    @Test
    void rowsMustFitTheHeader() {
        assertThrows(IllegalArgumentException.class, () -> new Table("a", "b").row("only one"));
    }
}
