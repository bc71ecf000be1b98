package org.ntklab.data;

/**
 * A data set described by one spec string, the same in every command, e.g. {@code circle:n=6},
 * {@code sphere:d=10,n=64,teacher=relu}, {@code mnist:parity,n=100,test=50},
 * {@code idx:images=a.gz,labels=b.gz,classes=3,5}, {@code csv:points.csv}.
 * The grammar is {@link #GRAMMAR}; docs/data.md explains every option.
 *
 * <p>{@link #toString()} gives the canonical spec: every option with its effective value, in a fixed
 * order, so that {@code parse(spec.toString())} describes the same data set.
 */
public sealed interface DataSpec permits CircleSpec, SphereSpec, LabelledSpec {

    String GRAMMAR = """
            KIND[:ITEM,ITEM,...] where ITEM is key=value, and KIND is one of
              circle:n=6,sectors=N,random=true|false,near=DIST
              sphere:d=10,n=64,teacher=linear|relu,near=DIST
              mnist:classes=0,1|parity|all,n=N,source=auto|bundled|full
              fashion:classes=...|parity|all,n=N
              idx:images=PATH,labels=PATH,classes=...|parity|all,n=N
              csv:PATH,classes=...|parity|all,n=N
            every kind also takes test=N and norm=unit|raw; n and test count samples per class \
            for mnist, fashion, idx and csv, and points for circle and sphere""";

    static DataSpec parse(String spec) {
        return DataSpecParser.parse(spec);
    }

    /** Builds the data set; the same seed always gives the same samples. */
    DataSplit load(long seed);

    /**
     * What {@link #load} will allocate, from the spec alone (and the size of a data file): checked
     * against the memory available before loading. A data file that cannot be a data set (a device,
     * a pipe, a directory) is refused here with a {@link DataFormatException}.
     */
    DataSize size();

    /** Input preprocessing applied by {@link #load}. */
    Norm norm();
}
