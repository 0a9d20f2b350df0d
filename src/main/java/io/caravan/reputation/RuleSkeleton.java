package io.caravan.reputation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule to paste into config/responses.yaml for a wording no rule knows: its provider, code, enhanced
 * code and the words of its text's longest stretch between masked parts as a regex (joined by {@code \W+}:
 * providers wrap lines anywhere and punctuate as they like). Scope and action are for the operator to choose, so the skeleton
 * says {@code scope: transient} and {@code actions: [defer]}, which changes nothing until edited.
 */
public final class RuleSkeleton {

    private static final Pattern SHAPE = Pattern.compile("(\\d{3})(?: ([245]\\.\\d{1,3}\\.\\d{1,3}))?(?: (.*))?");
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'’-]*");
    private static final int WORDS = 6;
    private static final Pattern MASKED = Pattern.compile("<[a-z]+>|#|\\?<q>");

    private RuleSkeleton() {
    }

    /**
     * The words of the longest stretch of the text between masked parts, so the regex never spans an address
     * or an id; at most six, joined by {@code \W+} (spaces and punctuation).
     */
    static List<String> words(String text) {
        List<String> best = List.of();
        for (String stretch : MASKED.split(text)) {
            List<String> words = new ArrayList<>();
            Matcher w = WORD.matcher(stretch);
            while (w.find()) words.add(w.group().replace('\'', '.').replace('’', '.'));
            if (words.size() > best.size()) best = words;
        }
        return best.subList(0, Math.min(WORDS, best.size()));
    }

    /**
     * @param provider  the provider the reply came from
     * @param shape     the reply's {@link ReplyShape}
     * @param providers the provider table's names: a provider it lacks gives a generic rule
     */
    public static String of(String provider, String shape, Set<String> providers) {
        Matcher m = SHAPE.matcher(shape);
        String code = m.matches() ? m.group(1) : shape.substring(0, Math.min(3, shape.length()));
        String enhanced = m.matches() ? m.group(2) : null;
        String text = m.matches() && m.group(3) != null ? m.group(3) : "";
        List<String> words = words(text);
        boolean known = provider != null && providers.contains(provider);
        String slug = String.join("-", words.subList(0, Math.min(3, words.size()))).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "");
        String name = (known ? provider : Layer.GENERIC_PREFIX.substring(0, Layer.GENERIC_PREFIX.length() - 1))
                + "-" + (slug.isEmpty() ? code : slug);
        StringBuilder b = new StringBuilder();
        b.append("  - name: ").append(name).append('\n');
        b.append("    match: {");
        if (known) b.append("providers: [").append(provider).append("], ");
        b.append("code: \"").append(code).append('"');
        if (enhanced != null) b.append(", enhanced: \"").append(enhanced.replace(".", "\\\\.")).append('"');
        if (!words.isEmpty()) b.append(", text: \"").append(String.join("\\\\W+", words)).append('"');
        b.append("}\n");
        b.append("    scope: transient        # recipient | source_ip | block | sender_domain | content | connection\n");
        b.append("    actions: [defer]        # e.g. [suspend, shift, defer] with duration: 1h\n");
        return b.toString();
    }
}
