package io.caravan.reputation;

import java.util.List;
import java.util.Set;

/**
 * The unmatched replies as a block to paste under {@code rules:} in responses.yaml: per wording a comment
 * with its count, provider and last reply, then its {@link RuleSkeleton}. The console and {@code caravan
 * rules unknown} show the same text.
 */
public final class UnmatchedRules {

    private UnmatchedRules() {
    }

    public static String yaml(List<UnknownReplies.Entry> entries, Set<String> providers) {
        if (entries.isEmpty()) return "# no unmatched replies since start\n";
        StringBuilder b = new StringBuilder();
        int rank = 0;
        for (UnknownReplies.Entry e : entries) {
            b.append("  # ").append(++rank).append(". ").append(e.count()).append(" from ").append(e.provider())
                    .append(": ").append(e.shape().replace('\n', ' ')).append('\n');
            b.append("  #    last: ").append(String.valueOf(e.example()).replace('\n', ' ')).append('\n');
            b.append(RuleSkeleton.of(e.provider(), e.shape(), providers)).append('\n');
        }
        return b.toString();
    }
}
