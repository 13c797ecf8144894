package io.lclstream.flink.clean;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Owns the normalisation of paragraph text before quality checks: Unicode NFC, control and invisible
 * format characters removed (newline and tab kept), whitespace collapsed, and boilerplate lines (cookie
 * banners, copyright notices, "click here", breadcrumbs …) dropped.
 */
public final class TextCleaner {

    /**
     * The default boilerplate patterns, matched case-insensitively with {@code find()} against one line.
     * They are specific phrases rather than single words so that prose about, say, baking cookies survives.
     */
    public static final List<String> DEFAULT_BOILERPLATE = List.of(
            "\\b(this|our) (web ?site|site) uses cookies\\b",
            "\\bwe use cookies\\b",
            "\\b(accept|allow|reject|manage) (all )?cookies\\b",
            "\\bcookie (policy|settings|preferences|consent)\\b",
            "\\ball rights reserved\\b",
            "^\\s*(©|\\(c\\)|copyright\\b)",
            "(©|\\(c\\)|copyright)\\s*(\\d{4}|\\d{4}\\s*[-–]\\s*\\d{4})\\b",
            "\\bclick here\\b",
            "^\\s*(skip to (main )?content|back to top|read more|show more|load more|print this page"
                    + "|share( this( (page|article|post))?)?( on \\w+)?|follow us( on \\w+)?"
                    + "|subscribe( to (our|the) newsletter)?|sign (up|in)|log ?in|log ?out|register"
                    + "|privacy policy|terms (of (use|service)|(and|&) conditions)|contact us|sitemap)\\W*$",
            // Breadcrumbs: three or more short items separated by >, », ›, / or |.
            "^\\s*[^>»›/|]{1,40}(\\s*[>»›/|]\\s*[^>»›/|]{1,40}){2,}\\s*$");

    /** Lines longer than this many words are never treated as boilerplate: they are content that mentions it. */
    public static final int DEFAULT_BOILERPLATE_MAX_WORDS = 30;

    private static final Pattern HORIZONTAL_SPACE = Pattern.compile("[\\t\\p{Zs}\\u00A0\\u2007\\u202F]+");

    private final List<Pattern> boilerplate;
    private final int boilerplateMaxWords;

    /**
     * @param boilerplatePatterns  regular expressions (Java syntax, case-insensitive, {@code find()} on one line)
     * @param boilerplateMaxWords  lines with more words than this are kept whatever they match
     */
    public TextCleaner(List<String> boilerplatePatterns, int boilerplateMaxWords) {
        Objects.requireNonNull(boilerplatePatterns, "boilerplatePatterns");
        if (boilerplateMaxWords < 0) {
            throw new IllegalArgumentException("clean.boilerplate.max-words=" + boilerplateMaxWords
                    + " must be at least 0; use " + DEFAULT_BOILERPLATE_MAX_WORDS + " (the default)");
        }
        List<Pattern> compiled = new ArrayList<>();
        for (String p : boilerplatePatterns) {
            try {
                compiled.add(Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("clean.boilerplate.patterns entry '" + p
                        + "' is not a valid Java regular expression (" + e.getDescription()
                        + " at index " + e.getIndex() + "); fix or remove it", e);
            }
        }
        this.boilerplate = List.copyOf(compiled);
        this.boilerplateMaxWords = boilerplateMaxWords;
    }

    public static TextCleaner withDefaults() {
        return new TextCleaner(DEFAULT_BOILERPLATE, DEFAULT_BOILERPLATE_MAX_WORDS);
    }

    /**
     * Cleans each paragraph; the result has the same size and order as the input (a paragraph that was all
     * boilerplate becomes the empty string, which {@link QualityFilter} then removes with a reason).
     */
    public List<String> clean(List<String> paragraphs) {
        List<String> out = new ArrayList<>(paragraphs.size());
        for (String p : paragraphs) {
            out.add(cleanParagraph(p));
        }
        return out;
    }

    /** Cleans one paragraph; its lines stay separated by single newlines. */
    public String cleanParagraph(String paragraph) {
        if (paragraph == null || paragraph.isEmpty()) {
            return "";
        }
        String text = Normalizer.normalize(paragraph, Normalizer.Form.NFC);
        text = removeInvisible(text);
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("\n")) {
            String collapsed = HORIZONTAL_SPACE.matcher(line).replaceAll(" ").strip();
            if (collapsed.isEmpty() || isBoilerplate(collapsed)) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(collapsed);
        }
        return out.toString();
    }

    /** True when {@code line} (already collapsed) matches a boilerplate pattern and is short enough to be one. */
    public boolean isBoilerplate(String line) {
        if (TextMeasures.words(line).size() > boilerplateMaxWords) {
            return false;
        }
        for (Pattern p : boilerplate) {
            if (p.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    private static String removeInvisible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                // CRLF and lone CR both end a line.
                if (i < text.length() && text.charAt(i) == '\n') {
                    continue;
                }
                out.append('\n');
                continue;
            }
            if (cp == '\n' || cp == '\t') {
                out.appendCodePoint(cp);
                continue;
            }
            if (cp == 0x2028 || cp == 0x2029) {
                out.append('\n');
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL) {
                continue;
            }
            // Zero-width space, word joiner, BOM and soft hyphen hide inside words and split them for tokenizers;
            // ZWJ and ZWNJ stay because emoji sequences and several scripts need them.
            if (cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD) {
                continue;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }
}
