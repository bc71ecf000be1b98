package org.ntklab.cli.reproduce;

import java.nio.file.Path;
import java.util.List;
import org.ntklab.cli.report.Claim;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.CsvFile;

/**
 * One claim with its evidence and verdict, as every reproduce profile states it; {@code title} is
 * the short form printed on the console.
 */
public record Verdict(String item, String title, String claim, String evidence, boolean held) {
    public static final String FILE = "verdicts.csv";

    /** The report's row: the claim prefixed with its item of docs/paper.md's list ("Item 3: ..."). */
    public Claim claimRow() {
        return new Claim(Character.isDigit(item.charAt(0)) ? "Item " + item + ": " + claim : claim, evidence, held);
    }

    public String verdict() {
        return held ? "held" : "did not hold";
    }

    /** Writes verdicts.csv into {@code dir}: item, claim, evidence, verdict. */
    static void write(Path dir, List<Verdict> verdicts) {
        CsvFile.write(dir.resolve(FILE), List.of("item", "claim", "evidence", "verdict"),
                verdicts.stream().<List<?>>map(v -> List.of(v.item(), v.claim(), v.evidence(), v.verdict())).toList());
    }

    /** The console table: item, short claim, evidence, verdict. */
    static Table table(List<Verdict> verdicts) {
        Table table = new Table("item", "claim", "evidence", "verdict");
        for (Verdict v : verdicts) {
            table.row(v.item(), v.title(), v.evidence(), v.verdict());
        }
        return table;
    }

    static long held(List<Verdict> verdicts) {
        return verdicts.stream().filter(Verdict::held).count();
    }
}
