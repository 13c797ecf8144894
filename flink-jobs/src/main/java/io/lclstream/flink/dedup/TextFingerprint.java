package io.lclstream.flink.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Owns the normalised form of a document's text and its SHA-256 exact-duplicate key, so that two pages
 * differing only in case, punctuation, accents' encoding or spacing get the same key.
 */
public final class TextFingerprint {

    private TextFingerprint() {
    }

    /**
     * The text every dedup rule compares: NFKC, lower case (root locale, so a Turkish JVM gives the same
     * key), every run of characters that are not letters or digits turned into one space, trimmed.
     */
    public static String normalise(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(nfkc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || isCombiningMark(cp)) {
                if (pendingSpace && out.length() > 0) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.appendCodePoint(cp);
            } else {
                pendingSpace = true;
            }
        }
        return out.toString();
    }

    /** The paragraphs' normalised words joined by single spaces: where a page breaks paragraphs does not matter. */
    public static String normalise(List<String> paragraphs) {
        StringBuilder out = new StringBuilder();
        for (String paragraph : paragraphs) {
            String n = normalise(paragraph);
            if (n.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(n);
        }
        return out.toString();
    }

    /** SHA-256 of the normalised text, as 64 lower-case hex digits: the key of exact-duplicate state. */
    public static String exactKey(String text) {
        return sha256Hex(normalise(text));
    }

    /** SHA-256 of the normalised paragraphs, as 64 lower-case hex digits. */
    public static String exactKey(List<String> paragraphs) {
        return sha256Hex(normalise(paragraphs));
    }

    static String sha256Hex(String normalised) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-256; reaching this means a broken JRE.
            throw new IllegalStateException("SHA-256 is not available in this JRE", e);
        }
    }

    private static boolean isCombiningMark(int cp) {
        int type = Character.getType(cp);
        // Marks carry meaning in Indic and other scripts; dropping them would merge different words.
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
