package io.lclstream.flink.clean;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the measurements the quality rules compare with their thresholds, defined as OBELICS defines them so
 * that its published thresholds mean the same here.
 */
public final class TextMeasures {

    private TextMeasures() {
    }

    /**
     * OBELICS's "special characters": whitespace, digits, and every punctuation or symbol character (which
     * covers emoji). Letters and combining marks are not special.
     */
    public static boolean isSpecial(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isDigit(cp)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL,
                    Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    /**
     * Words as OBELICS counts them: split on whitespace, lower-cased, special characters stripped from both
     * ends, empty results dropped (so "2024" or "—" is not a word).
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.split("\\s+")) {
            int start = 0;
            int end = token.length();
            while (start < end && isSpecial(token.codePointAt(start))) {
                start += Character.charCount(token.codePointAt(start));
            }
            while (end > start && isSpecial(token.codePointBefore(end))) {
                end -= Character.charCount(token.codePointBefore(end));
            }
            if (start < end) {
                words.add(token.substring(start, end).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return words;
    }

    /**
     * The share of all character {@code n}-grams taken by the most frequent ones: the top
     * {@code floor(sqrt(distinct))} n-grams, but only n-grams seen more than once count. 0 for text shorter
     * than {@code n}. A paragraph of the same phrase over and over scores near 1; ordinary prose near 0.
     */
    public static double charRepetitionRatio(String text, int n) {
        int[] cps = text.codePoints().toArray();
        if (cps.length < n) {
            return 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= cps.length; i++) {
            counts.merge(new String(cps, i, n), 1, Integer::sum);
        }
        int total = cps.length - n + 1;
        List<Integer> freqs = new ArrayList<>(counts.values());
        freqs.sort(java.util.Comparator.reverseOrder());
        long repeated = freqs.stream().filter(f -> f > 1).count();
        int top = (int) Math.min((long) Math.sqrt(freqs.size()), repeated);
        long sum = 0;
        for (int i = 0; i < top; i++) {
            sum += freqs.get(i);
        }
        return (double) sum / total;
    }

    /**
     * The share of word {@code n}-grams (over {@link #words}) that occur more than once, counted with their
     * multiplicity. 0 when there are fewer than {@code n} words.
     */
    public static double wordRepetitionRatio(List<String> words, int n) {
        if (words.size() < n) {
            return 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) {
            counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
        }
        int total = words.size() - n + 1;
        int repeated = 0;
        for (int f : counts.values()) {
            if (f > 1) {
                repeated += f;
            }
        }
        return (double) repeated / total;
    }

    /** The share of code points that are {@linkplain #isSpecial special}; 0 for empty text. */
    public static double specialCharRatio(String text) {
        int total = 0;
        int special = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            total++;
            if (isSpecial(cp)) {
                special++;
            }
        }
        return total == 0 ? 0.0 : (double) special / total;
    }
}
