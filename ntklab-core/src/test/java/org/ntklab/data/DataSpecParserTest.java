package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataSpecParserTest {

    @Test
    void parsesTheDocumentedExamples() {
        CircleSpec circle = (CircleSpec) DataSpec.parse("circle:n=6");
        assertEquals(6, circle.n());
        assertEquals(6, circle.sectors());
        SphereSpec sphere = (SphereSpec) DataSpec.parse("sphere:d=10,n=64,teacher=linear");
        assertEquals(SphereSpec.Teacher.LINEAR, sphere.teacher());
        LabelledSpec pair = (LabelledSpec) DataSpec.parse("mnist:classes=0,1,n=100");
        assertEquals(ClassSelection.Mode.LIST, pair.classes().mode());
        assertEquals(OptionalInt.of(100), pair.nPerClass());
        assertEquals(Norm.UNIT, pair.norm());
        LabelledSpec parity = (LabelledSpec) DataSpec.parse("mnist:parity,n=100,test=20");
        assertEquals(ClassSelection.Mode.PARITY, parity.classes().mode());
        assertEquals(20, parity.testPerClass());
        LabelledSpec idx = (LabelledSpec) DataSpec.parse("idx:images=/d/a.gz,labels=/d/b.gz,classes=3,5");
        assertEquals(new SampleSource.Idx(Path.of("/d/a.gz"), Path.of("/d/b.gz")), idx.source());
        LabelledSpec csv = (LabelledSpec) DataSpec.parse("csv:data/points.csv");
        assertEquals(new SampleSource.Csv(Path.of("data/points.csv")), csv.source());
        assertInstanceOf(SampleSource.Fashion.class, ((LabelledSpec) DataSpec.parse("fashion:classes=0,9,n=10")).source());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "circle:n=6", "circle:n=12,sectors=4,random=true,near=0.01,test=5,norm=raw",
        "sphere:d=3,n=10,teacher=relu,near=0.5,test=2", "mnist:classes=0,1,n=100,test=50",
        "mnist:parity,n=10,source=full", "mnist:all", "mnist:n=all,classes=all", "fashion:classes=2,4,6,n=5",
        "idx:images=a.gz,labels=b.gz,parity,norm=raw", "csv:x.csv,classes=-1,1,n=3",
    })
    void canonicalFormParsesToTheSameSpec(String spec) {
        DataSpec parsed = DataSpec.parse(spec);
        String canonical = parsed.toString();
        assertEquals(canonical, DataSpec.parse(canonical).toString(), spec);
        assertEquals(parsed.getClass(), DataSpec.parse(canonical).getClass());
    }

    @Test
    void canonicalFormSpellsOutDefaults() {
        assertEquals("circle:n=6,sectors=6,random=false,test=0,norm=unit", DataSpec.parse("circle").toString());
        assertEquals("mnist:classes=0,1,n=100,test=0,norm=unit,source=auto",
                DataSpec.parse(" mnist: classes=0, 1, n=100 ").toString());
        assertEquals("csv:x.csv,all,test=0,norm=unit", DataSpec.parse("csv:x.csv").toString());
    }

    private static void assertSpecError(String spec, String... parts) {
        DataSpecException e = assertThrows(DataSpecException.class, () -> DataSpec.parse(spec));
        assertTrue(e.getMessage().contains("\"" + spec.strip() + "\"") || spec.isBlank(), e.getMessage());
        assertTrue(e.getMessage().contains("grammar"), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void errorsNameTheSpecTheProblemAndTheGrammar() {
        assertSpecError("cifar:n=10", "unknown kind 'cifar'");
        assertSpecError("circle:m=3", "unknown key 'm'", "accepted keys");
        assertSpecError("mnist:classes=0,1,source=web", "source must be one of auto, bundled, full");
        assertSpecError("mnist:classes=0,1,n=abc", "n must be an integer", "abc");
        assertSpecError("mnist:classes=0,1,n=0", "n must be a positive integer");
        assertSpecError("mnist:classes=0,1,test=-2", "test must not be negative");
        assertSpecError("mnist:classes=0,1,n=5,n=6", "given twice");
        assertSpecError("mnist:classes=0,0", "twice");
        assertSpecError("mnist:classes=4", "at least two");
        assertSpecError("mnist:classes=a,b", "classes must be integers");
        assertSpecError("mnist:n=5,,test=1", "empty item");
        assertSpecError("sphere:teacher=deep", "teacher must be one of linear, relu");
        assertSpecError("circle:random=maybe", "true or false");
        assertSpecError("sphere:d=1", "d must be at least 2");
        assertSpecError("mnist:foo", "'foo' is not key=value");
        assertSpecError("idx:images=a.gz", "labels=PATH");
        assertSpecError("csv:", "file path");
        assertSpecError("mnist:norm=l2", "norm must be one of unit, raw");
        assertSpecError("   ");
    }
}
