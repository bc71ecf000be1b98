package org.ntklab.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class HtmlReportTest {
    @TempDir
    Path tmp;

    /** Whether a page is self-contained: no URL with a scheme, every src inline, every href a sibling file. */
    public static boolean selfContained(String html) {
        return !Pattern.compile("(?i)\\b[a-z]+://").matcher(html).find()
                && !Pattern.compile("(?i)\\bsrc=\"(?!data:)").matcher(html).find()
                && !Pattern.compile("(?i)\\bhref=\"[^\"]*[/:]").matcher(html).find();
    }

    @Test
    void selfContainedWithEmbeddedFigureTablesAndClaims() {
        Chart.Figure figure = Chart.line("A line", "x", "y")
                .series("s", new double[] {1, 2, 3}, new double[] {1, 4, 9}).write(tmp.resolve("line"));
        String html = new HtmlReport("Report <title> & more")
                .paragraph("Theta < K & \"quotes\"")
                .section("Numbers")
                .table(new Table("name", "value").row("lambda_min", 0.00123).row("n", 6))
                .figure(figure, "A figure")
                .section("Claims")
                .claims(List.of(new Claim("positive definite", "lambda_min = 0.1", true),
                        new Claim("converges", "no", false)))
                .toHtml();

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Report &lt;title&gt; &amp; more</title>"), "text is escaped");
        assertTrue(html.contains("Theta &lt; K &amp; &quot;quotes&quot;"));
        assertTrue(html.contains("src=\"data:image/png;base64,iVBOR"), "the PNG is embedded");
        assertTrue(html.contains("<a href=\"line.svg\">"), "the SVG is linked by relative name");
        assertTrue(html.contains("<td class=\"num\">0.00123</td>"));
        assertTrue(html.contains("<td class=\"held\">held</td>"));
        assertTrue(html.contains("<td class=\"failed\">did not hold</td>"));
        assertTrue(selfContained(html), "no references to the network");
        assertFalse(selfContained(html.replace("line.svg", "https://example.org/line.svg")), "the check works");
        assertFalse(html.contains("<script"), "no scripts");
        assertEquals(2, html.split("<section>", -1).length - 1);
        assertEquals(2, html.split("</section>", -1).length - 1, "sections are closed");
    }
}
