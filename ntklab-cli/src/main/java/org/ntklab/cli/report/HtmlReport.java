package org.ntklab.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.ntklab.cli.run.Environment;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.io.AtomicFiles;

/**
 * A self-contained HTML report: one file, figures embedded as base64 PNG data, the style sheet
 * inline, no scripts and no references to the network, so it opens anywhere, offline, and can be
 * mailed or archived alone.
 *
 * <pre>
 * new HtmlReport("NTK at initialisation")
 *     .paragraph("...")
 *     .section("Spectra").figure(figure, "Eigenvalues of ...").table(table)
 *     .section("Claims").claims(List.of(new Claim("...", "...", true)))
 *     .write(dir.resolve("report.html"));
 * </pre>
 *
 * Text is escaped; callers pass plain text, never markup.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 960px; margin: 2em auto;
                   padding: 0 1em; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; border-bottom: 2px solid #0072B2; padding-bottom: .2em; }
            h2 { font-size: 1.25em; margin-top: 1.8em; color: #0072B2; }
            table { border-collapse: collapse; margin: .8em 0; font-size: .92em; }
            th, td { border: 1px solid #ccc; padding: .3em .7em; text-align: left; vertical-align: top; }
            th { background: #f0f4f8; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.held { background: #e3f4ea; color: #14633a; font-weight: bold; }
            td.failed { background: #fbe4e0; color: #8a1f11; font-weight: bold; }
            figure { margin: 1em 0; }
            figure img { max-width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: .9em; color: #555; }
            pre { background: #f6f6f6; padding: .8em; overflow-x: auto; font-size: .85em; }
            """;

    private final String title;
    private final StringBuilder body = new StringBuilder();
    private boolean inSection;

    public HtmlReport(String title) {
        this.title = title;
    }

    /** Starts a new section with a heading; what follows belongs to it. */
    public HtmlReport section(String heading) {
        closeSection();
        body.append("<section>\n<h2>").append(escape(heading)).append("</h2>\n");
        inSection = true;
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Preformatted text, such as a configuration or a command line. */
    public HtmlReport code(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /** Embeds the figure's PNG and links its SVG (a sibling file, by relative name). */
    public HtmlReport figure(Chart.Figure figure, String caption) {
        byte[] png;
        try {
            png = Files.readAllBytes(figure.png());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the figure " + figure.png() + ": " + e.getMessage(), e);
        }
        body.append("<figure>\n<img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n<figcaption>").append(escape(caption))
                .append(" (<a href=\"").append(escape(figure.svg().getFileName().toString()))
                .append("\">SVG</a>)</figcaption>\n</figure>\n");
        return this;
    }

    public HtmlReport table(Table table) {
        body.append("<table>\n<tr>");
        for (String header : table.headers()) {
            body.append("<th>").append(escape(header)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<String> row : table.rows()) {
            body.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                body.append(table.numeric(c) ? "<td class=\"num\">" : "<td>").append(escape(row.get(c))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** The claim / evidence / verdict table. */
    public HtmlReport claims(List<Claim> claims) {
        body.append("<table>\n<tr><th>claim</th><th>evidence</th><th>verdict</th></tr>\n");
        for (Claim claim : claims) {
            body.append("<tr><td>").append(escape(claim.claim())).append("</td><td>").append(escape(claim.evidence()))
                    .append("</td><td class=\"").append(claim.held() ? "held" : "failed").append("\">")
                    .append(escape(claim.verdict())).append("</td></tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /**
     * The section every run report ends with: the configuration, the command line that made the
     * run, and where and when it ran.
     */
    public HtmlReport runSection(RunRecord record) {
        section("Run");
        Table config = new Table("option", "value");
        record.config().properties().forEach(e -> config.row("--" + e.getKey(), e.getValue().asText()));
        table(config);
        code(record.commandLine());
        Environment env = record.environment();
        table(new Table("provenance", "")
                .row("ntklab version", record.ntklabVersion())
                .row("git commit", record.gitCommit()
                        + (Boolean.TRUE.equals(record.gitDirty()) ? " (with uncommitted changes)" : ""))
                .row("started", record.startTime())
                .row("wall time", Table.number(record.wallSeconds()) + " s")
                .row("Java", env == null ? "?" : env.java())
                .row("machine", env == null ? "?" : env.hostname() + ", " + env.os() + ", " + env.cores()
                        + " cores, " + env.blas())
                .row("working directory", record.workingDirectory()));
        return this;
    }

    public String toHtml() {
        closeSection();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + "<h1>" + escape(title) + "</h1>\n" + body + "</body>\n</html>\n";
    }

    /** Writes the report atomically and returns its path. */
    public Path write(Path file) {
        String html = toHtml();
        AtomicFiles.write(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    private void closeSection() {
        if (inSection) {
            body.append("</section>\n");
            inSection = false;
        }
    }

    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
