package org.ntklab.io;

/**
 * User-given text (a data spec, a path, a key from a spec file) made safe to print in a message:
 * control characters, which a terminal would act on (an escape sequence can recolour or clear it,
 * a carriage return overwrite the line), are shown as escapes instead ({@code \e}, {@code \n},
 * {@code \x07}, {@code \u009b}).
 */
public final class Printable {
    private Printable() {
    }

    /** Every control character escaped, line breaks included: for a value quoted inside a message. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /** Control characters escaped except line breaks: for a whole message that may span lines on purpose. */
    public static String escapeKeepingLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (!control || (keepLines && c == '\n')) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u001b' -> out.append("\\e");
                default -> out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }
}
