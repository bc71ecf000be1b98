// Run by ntklab's Python package (java -cp CLASSPATH LoadOpenBlas.java): JavaCPP extracts OpenBLAS
// into its cache, where Python loads it before numpy (see _native.py).
public class LoadOpenBlas {
    public static void main(String[] args) {
        System.out.println(org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas.class));
    }
}
